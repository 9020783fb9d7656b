"""Query strings read strictly: each parameter once, an empty value is a value (and refused
where the schema refuses it), and the fields of api.fields decide the rest."""

from rest_framework import serializers


def query_params(serializer_class, request, **context) -> dict:
    """The validated parameters of `serializer_class` from the request's query string."""
    names = set(serializer_class().fields)
    repeated = [name for name in names if len(request.query_params.getlist(name)) > 1]
    if repeated:
        raise serializers.ValidationError(
            {name: ["Give this parameter once."] for name in repeated}
        )
    data = {name: request.query_params[name] for name in names if name in request.query_params}
    query = serializer_class(data=data, context={**context, "query": True})
    query.is_valid(raise_exception=True)
    return query.validated_data
