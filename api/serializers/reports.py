from rest_framework import serializers


class ReportFilterSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    default = serializers.CharField(allow_null=True)


class ReportSummarySerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    section = serializers.CharField()
    filters = ReportFilterSerializer(many=True)


class ReportColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.CharField(help_text="text, date, datetime, integer, number, quantity, money or cost")


class ReportResultSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    columns = ReportColumnSerializer(many=True)
    rows = serializers.ListField(child=serializers.DictField(child=serializers.JSONField(allow_null=True)))
    totals = serializers.DictField(child=serializers.JSONField(allow_null=True))
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    count = serializers.IntegerField()
