import django_tables2 as tables

from councils.models import SignInEvent, User


class UserTable(tables.Table):
    label = "Accounts"
    username = tables.LinkColumn("accounts:user", args=[tables.A("pk")])
    name = tables.Column("Name", accessor="get_full_name", order_by=("last_name", "first_name"))
    role = tables.Column(accessor="get_role_display", order_by="role")
    council = tables.Column(default="", attrs={"td": {"class": "app-table__cell--name"}})
    status = tables.Column(empty_values=(), orderable=False)

    class Meta:
        model = User
        fields = ("username", "name", "email", "role", "council", "status")
        row_header = True
        empty_text = "There are no accounts for you to manage yet."

    def render_status(self, record: User) -> str:
        if not record.is_active:
            return "Deactivated"
        if not record.has_usable_password():
            return "Invited"
        return "Active"

    def value_status(self, record: User) -> str:
        return self.render_status(record)


class SignInEventTable(tables.Table):
    label = "Sign-in record"
    at = tables.DateTimeColumn(
        verbose_name="When", format="j M Y H:i:s", attrs={"td": {"class": "app-table__cell--date"}}
    )
    kind = tables.Column("What")
    username = tables.Column("Username")
    by = tables.Column("By", default="")
    ip_address = tables.Column("Address", default="")

    class Meta:
        model = SignInEvent
        fields = ("at", "kind", "username", "by", "ip_address")
        empty_text = "Nothing recorded matches these filters."
