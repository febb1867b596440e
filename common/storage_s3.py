"""S3-compatible object storage (MinIO, a cloud bucket) through django-storages and boto3.

Imported only when ``settings.STORAGES`` names it (``S3_BUCKET`` or ``S3_COLD_BUCKET`` set), so the
embedded ``make run`` never loads boto3. Objects stay private: a permitted download is answered
with a short-lived pre-signed URL whose signed parameters fix the download's name and type.
"""

from botocore.exceptions import ClientError
from django.utils.http import content_disposition_header
from storages.backends.s3 import S3Storage

from .storage import ColdFallbackMixin


class ObjectStorage(S3Storage):
    """A private bucket. ``public_endpoint_url`` is where browsers reach it when the servers use
    another address (``http://minio:9000`` inside compose, ``https://award.example.org`` outside):
    URLs are signed for that host, since the host is part of the signature."""

    public_endpoint_url = None

    def get_default_settings(self):
        return {**super().get_default_settings(), "public_endpoint_url": None}

    def _signing_client(self):
        if not self.public_endpoint_url:
            return self.connection.meta.client
        client = getattr(self._connections, "public_client", None)
        if client is None:
            client = self._create_session().client(
                "s3",
                region_name=self.region_name,
                use_ssl=self.use_ssl,
                endpoint_url=self.public_endpoint_url,
                config=self.client_config,
                verify=self.verify,
            )
            self._connections.public_client = client
        return client

    def signed_url(self, name: str, *, filename: str, content_type: str, as_attachment: bool, expire: int) -> str:
        """A URL valid for ``expire`` seconds that serves ``name`` as ``filename`` with ``content_type``."""
        key = self._normalize_name(name)
        return self._signing_client().generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.bucket_name,
                "Key": key,
                "ResponseContentType": content_type,
                "ResponseContentDisposition": content_disposition_header(as_attachment, filename),
                "ResponseCacheControl": "no-store, private",
            },
            ExpiresIn=expire,
        )

    def head(self, name: str, length: int) -> bytes:
        """The first ``length`` bytes of ``name`` (a ranged GET: the object is not downloaded whole)."""
        try:
            response = self.connection.meta.client.get_object(
                Bucket=self.bucket_name, Key=self._normalize_name(name), Range=f"bytes=0-{length - 1}"
            )
        except ClientError as error:
            if error.response["ResponseMetadata"]["HTTPStatusCode"] in (404, 416):
                return b""
            raise
        return response["Body"].read()


class TieredObjectStorage(ColdFallbackMixin, ObjectStorage):
    """The default storage in a bucket, falling back to the cold storage for reads."""
