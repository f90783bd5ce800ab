"""Lookups the project adds to every model field (registered in RyhmaConfig.ready())."""

from django.db.models import Field, ForeignObject
from django.db.models.lookups import In


class AnyOf(In):
    """`field__any_of=values`: `field IN values` for a long list of plain values (ids read
    by an earlier query, not model instances).

    On PostgreSQL it is `field = ANY(%s)` with the list as one array parameter: Django
    prepares and PostgreSQL parses one parameter instead of one per value (a city's 300
    worker ids cost about 0.4 ms of Python in each query as `IN (%s, %s, ...)`). Other
    databases get the plain `IN`. An empty list matches nothing, as `IN` does.
    """

    lookup_name = "any_of"

    def get_prep_lookup(self):
        if not self.rhs_is_direct_value():
            return super().get_prep_lookup()
        prep = self.lhs.output_field.get_prep_value
        return [prep(value) for value in self.rhs if value is not None]

    def as_postgresql(self, compiler, connection):
        if not self.rhs_is_direct_value():
            return super().as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, list(self.rhs))


def register() -> None:
    Field.register_lookup(AnyOf)
    # Relations keep a lookup table of their own (Field's lookups do not reach them).
    ForeignObject.register_lookup(AnyOf)
