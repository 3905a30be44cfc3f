"""A private bucket on the test S3 server, and what the settings and a worker need to use it."""

import uuid
from dataclasses import dataclass

import boto3
from botocore.config import Config

ACCESS_KEY, SECRET_KEY, REGION = "stoflow-test", "stoflow-test-secret", "eu-west-3"

PUBLIC_GRANTEES = (
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
)


@dataclass
class S3Media:
    endpoint: str
    bucket: str
    client: object

    @classmethod
    def create(cls, endpoint: str) -> "S3Media":
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            config=Config(s3={"addressing_style": "path"}),
        )
        bucket = f"stoflow-{uuid.uuid4().hex[:12]}"
        client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
        return cls(endpoint=endpoint, bucket=bucket, client=client)

    def storage_settings(self) -> dict:
        """The product's own S3 settings (stoflow/settings.py: ACL, signing, overwriting, headers),
        pointed at this bucket, so the tests check what production configures."""
        from django.conf import settings

        configured = settings.S3_MEDIA_STORAGE
        return {
            **configured,
            "OPTIONS": {
                **configured["OPTIONS"],
                "bucket_name": self.bucket,
                "endpoint_url": self.endpoint,
                "region_name": REGION,
                "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY,
                "location": "",
                "addressing_style": "path",
            },
        }

    @property
    def env(self) -> dict:
        return {
            "MEDIA_STORAGE": "s3",
            "S3_BUCKET": self.bucket,
            "S3_ENDPOINT_URL": self.endpoint,
            "S3_REGION": REGION,
            "S3_ACCESS_KEY_ID": ACCESS_KEY,
            "S3_SECRET_ACCESS_KEY": SECRET_KEY,
        }

    def keys(self) -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def drop(self) -> None:
        for key in self.keys():
            self.client.delete_object(Bucket=self.bucket, Key=key)
        self.client.delete_bucket(Bucket=self.bucket)


def public_grants(media: S3Media, key: str | None = None) -> list[dict]:
    """The grants to everyone or to any AWS account that the server stores for an object (or, with
    no key, for the bucket)."""
    if key is None:
        grants = media.client.get_bucket_acl(Bucket=media.bucket)["Grants"]
    else:
        grants = media.client.get_object_acl(Bucket=media.bucket, Key=key)["Grants"]
    return [grant for grant in grants if grant["Grantee"].get("URI") in PUBLIC_GRANTEES]
