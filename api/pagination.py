from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """Pages of 50 (`page_size` from 1 to 200), with `count`, `next` and `previous`.

    DRF would quietly use 50 for `page_size=null` or `0`; the schema says 1 to 200, so anything
    else is a 400 naming the parameter. A page past the last is a 404.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        return self._number(request, self.page_size_query_param, self.page_size,
                            self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        self._number(request, self.page_query_param, 1, None)
        return super().paginate_queryset(queryset, request, view)

    def _number(self, request, name, default, highest):
        values = request.query_params.getlist(name)
        if not values:
            return default
        message = f"A whole number from 1 to {highest}." if highest else "A whole number from 1."
        if len(values) > 1 or not values[0].isascii() or not values[0].isdigit():
            raise serializers.ValidationError({name: [message]})
        number = int(values[0])
        if number < 1 or (highest and number > highest):
            raise serializers.ValidationError({name: [message]})
        return number

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
                parameter["schema"]["default"] = self.page_size
        return parameters
