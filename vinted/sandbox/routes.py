"""The route table: every path the sandbox answers, with its auth level and budget flag."""

from . import admin, auth, drafts, items, lookups, pages, photos, wardrobe
from .web import Router, ok


def build() -> Router:
    r = Router()
    # Pages (HTML). Anyone may load them; they open an anonymous session on a first visit.
    r.add("GET", "/", pages.home, "page.home", auth="none")
    r.add("GET", "/items/new", pages.new_item, "page.items_new", auth="none")
    r.add("GET POST", "/member/login", pages.login, "page.login", auth="none")
    r.add("GET POST", "/member/signup", pages.signup, "page.signup", auth="none")
    r.add("GET POST", "/member/logout", pages.logout, "page.logout", auth="none")
    r.add("GET", "/member/{user_id}", pages.member, "page.member", auth="none")
    r.add("GET", "/items/{item_ref}", pages.item_page, "page.item", auth="none")
    # Session.
    r.add("POST", "/web/api/auth/refresh", auth.refresh, "refresh", auth="none")
    r.add("GET", "/api/v2/users/current", users_current, "users.current", auth="user")
    # Before /api/v2/items/{item_id}, which would swallow it.
    r.add("GET", "/api/v2/items/configuration", lookups.configuration, "lookups.configuration")
    # Photos and listings.
    r.add("POST", "/api/v2/photos", photos.upload, "photos", auth="user", mutating=True)
    r.add("GET", "/api/v2/photos", photos.list_session, "photos.list", auth="user")
    r.add("POST", "/api/v2/item_upload/items", items.create, "items.create", auth="user", mutating=True)
    r.add("GET", "/api/v2/item_upload/items/{item_id}", items.read, "items.read", auth="user")
    r.add("PUT", "/api/v2/item_upload/items/{item_id}", items.update, "items.update", auth="user", mutating=True)
    r.add("POST DELETE", "/api/v2/items/{item_id}/delete", items.delete, "items.delete", auth="user", mutating=True)
    r.add("DELETE", "/api/v2/items/{item_id}", items.delete, "items.delete", auth="user", mutating=True)
    r.add("GET", "/api/v2/items/{item_id}", items.old_public_json, "items.public_json", auth="none")
    r.add("PUT", "/api/v2/items/{item_id}/is_hidden", items.hide, "items.hide", auth="user", mutating=True)
    r.add("POST", "/api/v2/item_upload/drafts", drafts.create, "drafts.create", auth="user", mutating=True)
    r.add("PUT", "/api/v2/item_upload/drafts/{draft_id}", drafts.update, "drafts.update", auth="user", mutating=True)
    r.add("DELETE", "/api/v2/item_upload/drafts/{draft_id}", drafts.delete, "drafts.delete", auth="user", mutating=True)
    r.add(
        "POST",
        "/api/v2/item_upload/drafts/{draft_id}/completion",
        drafts.complete,
        "drafts.complete",
        auth="user",
        mutating=True,
    )
    r.add("GET", "/api/v2/wardrobe/{user_id}/items", wardrobe.items, "wardrobe")
    r.add("GET", "/api/v2/closet/seller_filters", wardrobe.seller_filters, "closet.seller_filters", auth="user")
    # Lookups: any valid session, anonymous included.
    r.add("GET", "/api/v2/item_upload/catalogs", lookups.catalogs, "lookups.catalogs")
    r.add("GET", "/api/v2/item_upload/catalogs/search", lookups.catalog_search, "lookups.catalog_search")
    r.add("GET", "/api/v2/item_upload/brands", lookups.brands, "lookups.brands")
    r.add("GET", "/api/v2/item_upload/colors", lookups.colors, "lookups.colors")
    r.add("GET", "/api/v2/item_upload/conditions", lookups.conditions, "lookups.conditions")
    r.add("GET", "/api/v2/size_groups", lookups.size_groups, "lookups.size_groups")
    r.add("GET", "/api/v2/item_upload/size_groups", lookups.size_groups, "lookups.size_groups")
    r.add("GET", "/api/v2/catalogs/{catalog_id}/package_sizes", lookups.package_sizes, "lookups.package_sizes")
    r.add("POST", "/api/v2/item_upload/attributes", lookups.attributes, "lookups.attributes")

    # Controls at the root, not under a site.
    r.add("GET", "/images/{photo_id}/{variant}.jpg", photos.serve, "images", site=False, auth="none")
    r.add("GET", "/__sandbox__/", admin.overview, "admin", site=False, auth="none")
    r.add("POST", "/__sandbox__/reset", admin.reset, "admin", site=False, auth="none")
    r.add("GET PUT PATCH", "/__sandbox__/config", admin.config, "admin", site=False, auth="none")
    r.add("GET POST", "/__sandbox__/sellers", admin.sellers, "admin", site=False, auth="none")
    r.add("POST", "/__sandbox__/sellers/{seller_id}/session", admin.session, "admin", site=False, auth="none")
    r.add("GET", "/__sandbox__/sellers/{seller_id}/requests", admin.requests_log, "admin", site=False, auth="none")
    r.add("GET", "/__sandbox__/sellers/{seller_id}/mutations", admin.mutations, "admin", site=False, auth="none")
    r.add("GET", "/__sandbox__/sellers/{seller_id}/items", admin.listings, "admin", site=False, auth="none")
    r.add("GET POST DELETE", "/__sandbox__/tree", admin.tree_changes, "admin", site=False, auth="none")
    r.add("GET POST DELETE", "/__sandbox__/faults", admin.faults, "admin", site=False, auth="none")
    r.add("DELETE", "/__sandbox__/faults/{fault_id}", admin.fault_delete, "admin", site=False, auth="none")
    r.add("POST", "/__sandbox__/items/{item_id}/sold", admin.item_sold, "admin", site=False, auth="none")
    r.add("POST", "/__sandbox__/items/{item_id}/reserved", admin.item_reserved, "admin", site=False, auth="none")
    r.add("POST", "/__sandbox__/items/{item_id}/stats", admin.item_stats, "admin", site=False, auth="none")
    return r


def users_current(request, state, **_):
    seller = state.sellers[request.seller_id]
    return ok(
        {
            "user": {
                "id": seller["id"],
                "login": seller["login"],
                "path": f"/member/{seller['id']}",
                "email": seller["email"],
                "real_name": None,
                "country_code": request.site.code.upper(),
                "currency": request.site.currency,
                "locale": request.site.locale,
            }
        }
    )
