from django.db import migrations

# A copy of schedules.services.COMMON_PRODUCTS as it stood when this migration was written.
PRODUCTS = [
    ("hydroxocobalamin", 1000, "ampoule", True, False),
    ("cyanocobalamin", 1000, "vial", True, True),
    ("cyanocobalamin", 1000, "prefilled_syringe", True, True),
    ("methylcobalamin", 1000, "vial", True, True),
    ("methylcobalamin", 5000, "vial", True, True),
]


def add_products(apps, schema_editor):
    Product = apps.get_model("schedules", "Product")
    for formulation, strength, form, im, sc in PRODUCTS:
        Product.objects.get_or_create(
            formulation=formulation, strength_mcg_per_ml=strength, form=form,
            defaults={"allows_im": im, "allows_sc": sc},
        )


class Migration(migrations.Migration):
    dependencies = [("schedules", "0001_initial")]
    operations = [migrations.RunPython(add_products, migrations.RunPython.noop)]
