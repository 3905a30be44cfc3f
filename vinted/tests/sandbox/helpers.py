"""What a Vinted client does, written plainly for the sandbox tests."""

import io
import re
import uuid

import requests
from PIL import Image

# The pattern docs/vinted-api.md §2.3 tells clients to use.
CSRF_RE = re.compile(
    r'CSRF_TOKEN(?:\\)?"\s*:\s*(?:\\)?"(?P<token>[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})', re.IGNORECASE
)
PASSWORD = "sandbox-pass"


def csrf_from(html: str) -> str:
    found = CSRF_RE.search(html)
    assert found, "no CSRF token in the page"
    return found.group("token")


def image_bytes(width: int = 60, height: int = 80, fmt: str = "JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(buffer, fmt)
    return buffer.getvalue()


class Client:
    """A signed-in seller's browser session on one sandbox site."""

    def __init__(self, base_url: str, site: str = "fr"):
        self.site_url = f"{base_url}/{site}"
        self.http = requests.Session()
        self.csrf = None

    def login(self, username: str, password: str = PASSWORD) -> requests.Response:
        response = self.http.post(
            f"{self.site_url}/member/login", data={"username": username, "password": password}, allow_redirects=False
        )
        self.refresh_csrf()
        return response

    def refresh_csrf(self) -> str:
        self.csrf = csrf_from(self.http.get(f"{self.site_url}/items/new").text)
        return self.csrf

    def call(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"X-CSRF-Token": self.csrf or "", **kwargs.pop("headers", {})}
        return self.http.request(method, f"{self.site_url}{path}", headers=headers, timeout=10, **kwargs)

    def upload(
        self,
        data: bytes | None = None,
        temp_uuid: str = "",
        filename: str = "photo.jpg",
        content_type: str = "image/jpeg",
        **kwargs,
    ) -> requests.Response:
        return self.call(
            "POST",
            "/api/v2/photos",
            data={"photo[type]": "item", "photo[temp_uuid]": temp_uuid},
            files={"photo[file]": (filename, data if data is not None else image_bytes(), content_type)},
            **kwargs,
        )

    def photo_id(self) -> int:
        response = self.upload()
        assert response.status_code == 200, response.text
        return response.json()["id"]

    def create(self, item: dict, **body) -> requests.Response:
        return self.call(
            "POST",
            "/api/v2/item_upload/items",
            json=listing_body(item, **body),
            headers={"X-Upload-Form": "true", "X-Enable-Multiple-Size-Groups": "true"},
        )

    def publish(self, **overrides) -> dict:
        response = self.create(item_fields(self.photo_id(), **overrides))
        assert response.status_code == 200, response.text
        return response.json()["item"]


def item_fields(*photo_ids: int, **overrides) -> dict:
    """A valid women's T-shirt (catalog 221, size M, very good), size and condition in both forms."""
    session = str(uuid.uuid4())
    fields = {
        "id": None,
        "currency": "EUR",
        "temp_uuid": session,
        "title": "Striped cotton T-shirt",
        "description": "Worn twice, no marks.",
        "brand_id": 12,
        "brand": "Zara",
        "catalog_id": 221,
        "size_id": 4,
        "status_id": 2,
        "item_attributes": [
            {"code": "size", "ids": [4]},
            {"code": "condition", "ids": [2]},
            {"code": "material", "ids": [44]},
        ],
        "color_ids": [12, 27],
        "price": 8.5,
        "package_size_id": 1,
        "shipment_prices": {"domestic": None, "international": None},
        "assigned_photos": [{"id": pid, "orientation": 0} for pid in photo_ids],
        "is_unisex": False,
        "isbn": None,
        "ai_photo": False,
        "measurement_length": None,
        "measurement_width": None,
        "manufacturer": None,
        "manufacturer_labelling": None,
    }
    fields.update(overrides)
    return fields


def listing_body(item: dict, **extra) -> dict:
    return {
        "item": item,
        "feedback_id": None,
        "push_up": False,
        "parcel": None,
        "upload_session_id": item.get("temp_uuid"),
        **extra,
    }


def fields_of(response: requests.Response) -> set[str]:
    return {error["field"] for error in response.json()["errors"]}
