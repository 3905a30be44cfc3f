"""The HTML side: home and /items/new (the CSRF token the way Vinted embeds it), the sandbox's
own login and sign-up forms, the wardrobe and item pages a person can look at."""

import json
from html import escape
from urllib.parse import parse_qs

from . import auth, errors, fixtures
from .shapes import item_path, money, wardrobe_json
from .web import Response, html_response

WORDS = {
    "login": ("Log in to the Vinted sandbox", "Connexion au bac à sable Vinted"),
    "signup": ("Create a sandbox seller", "Créer un vendeur du bac à sable"),
    "username": ("Username", "Nom d'utilisateur"),
    "password": ("Password", "Mot de passe"),
    "email": ("Email", "E-mail"),
    "submit_login": ("Log in", "Se connecter"),
    "submit_signup": ("Sign up", "S'inscrire"),
    "bad_login": ("Wrong username or password.", "Nom d'utilisateur ou mot de passe incorrect."),
    "taken": ("This username is already taken on this site.", "Ce nom d'utilisateur est déjà pris sur ce site."),
    "required": (
        "Fill in every field (password: 6 characters or more).",
        "Remplis tous les champs (mot de passe : 6 caractères minimum).",
    ),
    "no_account": ("No sandbox seller yet?", "Pas encore de vendeur ?"),
    "have_account": ("Already a sandbox seller?", "Déjà vendeur ?"),
    "wardrobe": ("Wardrobe of {login}", "Dressing de {login}"),
    "empty": ("No listings yet.", "Aucune annonce pour le moment."),
    "new_item": ("Sell an item", "Vendre un article"),
    "home": (
        "Vinted sandbox: a simulator for development and tests, not Vinted.",
        "Bac à sable Vinted : un simulateur pour le développement et les tests, pas Vinted.",
    ),
    "signed_in_as": ("Signed in as {login}", "Connecté en tant que {login}"),
    "logout": ("Log out", "Se déconnecter"),
    "hidden": ("hidden", "masquée"),
    "draft": ("draft", "brouillon"),
    "sold": ("sold", "vendue"),
    "views": ("{n} views · {f} favourites", "{n} vues · {f} favoris"),
}


def word(request, key: str, **params) -> str:
    english, french = WORDS[key]
    return (french if request.locale == "fr" else english).format(**params)


def _page_session(request, state) -> tuple[dict, list[str]]:
    """The visitor's session, or a new anonymous one (with its cookies) on a first visit."""
    if request.claims:
        session = state.sessions.get(request.claims.get("sid"))
        if session and not session["revoked"]:
            return session, []
    anon_id = request.cookies.get("anon_id")
    session = state.new_session(request.site.code, None, anon_id)
    return session, auth.session_cookies(state, session, state.issue_tokens(session))


def _layout(request, title: str, body: str, session: dict | None = None) -> str:
    rsc = ""
    if session:
        # Next.js App Router payload: a JS string literal, so the quotes inside are escaped.
        payload = json.dumps(
            {"CSRF_TOKEN": session["csrf"], "ANON_ID": session["anon_id"], "USER_ID": session["seller_id"]},
            separators=(",", ":"),
        )
        literal = json.dumps(f'5:["$","$L1",null,{payload}]\n')
        rsc = f"<script>self.__next_f.push([1,{literal}])</script>"
    return (
        f'<!doctype html><html lang="{request.locale}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="accept-language" content="{escape(request.site.locale)}">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f'<header><a href="/{request.site.code}/">vinted sandbox · {escape(request.site.code)}</a></header>'
        f"<main>{body}</main><script>(self.__next_f=self.__next_f||[]).push([0])</script>{rsc}</body></html>"
    )


CSS = (
    "body{font-family:system-ui,sans-serif;margin:0;color:#222}header{background:#09777f;padding:.8rem}"
    "header a{color:#fff;text-decoration:none;font-weight:600}main{max-width:960px;margin:auto;padding:1rem}"
    "form{display:grid;gap:.6rem;max-width:360px}input,button{font-size:1rem;padding:.6rem;width:100%;"
    "box-sizing:border-box}.error{color:#b00020}.grid{display:grid;gap:1rem;"
    "grid-template-columns:repeat(auto-fill,minmax(150px,1fr))}.card img{width:100%;aspect-ratio:3/4;"
    "object-fit:cover;background:#eee}.card{font-size:.9rem;overflow-wrap:anywhere}.tag{color:#666}"
)


def _with_cookies(response: Response, cookies: list[str]) -> Response:
    response.cookies.extend(cookies)
    return response


def home(request, state, **_):
    session, cookies = _page_session(request, state)
    body = f"<p>{escape(word(request, 'home'))}</p>{_account_links(request, state, session)}"
    return _with_cookies(html_response(_layout(request, "Vinted", body, session)), cookies)


def new_item(request, state, **_):
    session, cookies = _page_session(request, state)
    body = f"<h1>{escape(word(request, 'new_item'))}</h1>{_account_links(request, state, session)}"
    return _with_cookies(html_response(_layout(request, word(request, "new_item"), body, session)), cookies)


def _account_links(request, state, session) -> str:
    site = request.site.code
    seller = state.sellers.get(session["seller_id"]) if session["seller_id"] else None
    if seller:
        wardrobe = escape(word(request, "wardrobe", login=seller["login"]))
        return (
            f"<p>{escape(word(request, 'signed_in_as', login=seller['login']))} · "
            f'<a href="/{site}/member/{seller["id"]}">{wardrobe}</a>'
            f' · <a href="/{site}/member/logout">{escape(word(request, "logout"))}</a></p>'
        )
    return (
        f'<p><a href="/{site}/member/login">{escape(word(request, "submit_login"))}</a> · '
        f'<a href="/{site}/member/signup">{escape(word(request, "submit_signup"))}</a></p>'
    )


def _form(request, kind: str, error: str = "", values: dict | None = None) -> str:
    values = values or {}
    site = request.site.code
    fields = [("username", "text", "username"), ("password", "password", "current-password")]
    if kind == "signup":
        fields.insert(1, ("email", "email", "email"))
    inputs = "".join(
        f'<label for="{name}">{escape(word(request, name))}</label>'
        f'<input id="{name}" name="{name}" type="{kind_}" autocomplete="{ac}" required '
        f'value="{escape(values.get(name, "")) if name != "password" else ""}">'
        for name, kind_, ac in fields
    )
    other = "signup" if kind == "login" else "login"
    return (
        f"<h1>{escape(word(request, kind))}</h1>"
        + (f'<p class="error" role="alert">{escape(error)}</p>' if error else "")
        + f'<form method="post" action="/{site}/member/{kind}">{inputs}'
        f'<button type="submit">{escape(word(request, "submit_" + kind))}</button></form>'
        f"<p>{escape(word(request, 'no_account' if kind == 'login' else 'have_account'))} "
        f'<a href="/{site}/member/{other}">{escape(word(request, "submit_" + other))}</a></p>'
    )


def _form_data(request) -> dict:
    parsed = parse_qs(request.body.decode("utf-8", "replace"), keep_blank_values=True)
    return {k: v[-1].strip() if k != "password" else v[-1] for k, v in parsed.items()}


def _signed_in(request, state, seller: dict) -> Response:
    session, issued = state.sign_in(seller["id"], request.cookies.get("anon_id"))
    response = Response(302).header("Location", f"/{request.site.code}/member/{seller['id']}")
    return _with_cookies(response, auth.session_cookies(state, session, issued))


def login(request, state, **_):
    if request.method == "GET":
        return html_response(_layout(request, word(request, "login"), _form(request, "login")))
    data = _form_data(request)
    seller = state.seller_by_login(request.site.code, data.get("username", ""))
    if not seller or seller["password"] != data.get("password"):
        page = _form(request, "login", word(request, "bad_login"), data)
        return html_response(_layout(request, word(request, "login"), page), 400)
    return _signed_in(request, state, seller)


def signup(request, state, **_):
    if request.method == "GET":
        return html_response(_layout(request, word(request, "signup"), _form(request, "signup")))
    data = _form_data(request)
    if not data.get("username") or not data.get("email") or len(data.get("password", "")) < 6:
        error = word(request, "required")
    else:
        try:
            seller = state.create_seller(data["username"], data["password"], request.site.code, data["email"])
        except ValueError:
            error = word(request, "taken")
        else:
            return _signed_in(request, state, seller)
    page = _form(request, "signup", error, data)
    return html_response(_layout(request, word(request, "signup"), page), 400)


def logout(request, state, **_):
    if request.claims and request.claims.get("sid") in state.sessions:
        with state.lock:
            state.sessions[request.claims["sid"]]["revoked"] = True
            state.save()
    response = Response(302).header("Location", f"/{request.site.code}/")
    return _with_cookies(response, auth.expired_cookies(request.site.code))


def member(request, state, user_id, **_):
    """/<site>/member/<id>: the wardrobe as a person sees it, photos included."""
    seller = state.sellers.get(int(user_id)) if user_id.isdigit() else None
    if seller is None or seller["site"] != request.site.code:
        return errors.not_found_html()
    mine = request.session and request.session["seller_id"] == seller["id"]
    cards = []
    for item in state.items_of(seller["id"]):
        if not mine and (item["is_draft"] or item["is_hidden"] or item["is_closed"]):
            continue
        shaped = wardrobe_json(item, state, request.base_url, request.locale)
        cover = shaped["photos"][0]["thumbnails"][2]["url"] if shaped["photos"] else ""
        tags = [
            word(request, t)
            for t, on in (
                ("draft", item["is_draft"]),
                ("hidden", item["is_hidden"]),
                ("sold", item["closing_action"] == "sold"),
            )
            if on
        ]
        cards.append(
            f'<article class="card" data-item-id="{item["id"]}"><a href="/{item["site"]}{item_path(item)}">'
            f'<img src="{escape(cover)}" alt="{escape(item["title"] or "")}" loading="lazy"></a>'
            f"<div>{escape(item['title'] or '')}</div><div>{money(item)['amount']} {item['currency']}</div>"
            f'<div class="tag">{escape(" · ".join(tags))}</div>'
            f'<div class="tag">{escape(word(request, "views", n=item["view_count"], f=item["favourite_count"]))}</div>'
            "</article>"
        )
    title = word(request, "wardrobe", login=seller["login"])
    body = f"<h1>{escape(title)}</h1>" + (
        f'<div class="grid">{"".join(cards)}</div>' if cards else f"<p>{escape(word(request, 'empty'))}</p>"
    )
    return html_response(_layout(request, title, body, request.session))


def item_page(request, state, item_ref, **_):
    """/<site>/items/<id>-<slug>: the public listing page, photos at full size."""
    item_id = item_ref.split("-")[0]
    item = state.items.get(int(item_id)) if item_id.isdigit() else None
    if item is None or item["site"] != request.site.code or item["is_draft"]:
        return errors.not_found_html()
    shaped = wardrobe_json(item, state, request.base_url, request.locale)
    photos = "".join(
        f'<img src="{escape(p["full_size_url"])}" alt="" style="max-width:100%">' for p in shaped["photos"]
    )
    condition = fixtures.CONDITIONS.get(item["status_id"])
    body = (
        f"<h1>{escape(item['title'])}</h1><p>{money(item)['amount']} {item['currency']}"
        f"{' · ' + escape(shaped['status']) if condition else ''}</p>{photos}"
        f"<p>{escape(item['description'] or '')}</p>"
    )
    return html_response(_layout(request, item["title"], body, request.session))
