"""Generating a listing through the real OpenAI SDK against a fake server on loopback."""

import pytest

from ai import cache, selectors, services
from ai.errors import GenerationError
from ai.models import Generation
from ai.options import GenerationOptions
from tenants import quotas

from .conftest import give_credits

FR = GenerationOptions(language="fr", tone="friendly", length="medium")


def run(generation, shop, **kwargs):
    services.run_generation(generation.public_id, tenant=shop.tenant, **kwargs)
    generation.refresh_from_db()
    return generation


def test_generate_with_a_key_writes_logs_usage_and_takes_one_credit(fake_openai, credits_a, facts):
    generation = run(services.request_generation(facts, FR, enqueue=False), credits_a)
    assert generation.status == Generation.Status.SUCCEEDED, generation.error_detail
    assert generation.provider == "openai" and generation.model == "gpt-4o-mini" and not generation.cached
    assert generation.title and len(generation.title) <= 100
    assert "Levi's" in generation.description and "stain" in generation.description
    assert generation.tokens_in > 0 and generation.tokens_out > 0 and generation.cost_eur > 0
    assert generation.cache_key.startswith("llm:v") and generation.request_id.startswith("req_fake")
    assert generation.credit_charged and quotas.ai_credits_left(credits_a.tenant) == 9
    assert fake_openai.calls == 1


def test_generate_sends_a_strict_json_schema_in_chat_completions(fake_openai, credits_a, facts):
    run(services.request_generation(facts, FR, enqueue=False), credits_a)
    body = fake_openai.requests[0]
    assert body["model"] == "gpt-4o-mini"
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["strict"] is True
    schema = body["response_format"]["json_schema"]["schema"]
    assert schema["additionalProperties"] is False and set(schema["required"]) == set(schema["properties"])
    assert "small stain on the left sleeve" in body["messages"][-1]["content"]


def test_generate_same_facts_again_is_a_cache_hit_that_costs_no_credit(fake_openai, credits_a, facts):
    first = run(services.request_generation(facts, FR, enqueue=False), credits_a)
    again = run(services.request_generation(facts, FR, enqueue=False), credits_a)
    assert again.status == Generation.Status.SUCCEEDED and again.cached
    assert (again.title, again.description) == (first.title, first.description)
    assert again.tokens_in == 0 and again.cost_eur == 0 and again.saved_cost_eur == first.cost_eur
    assert not again.credit_charged and quotas.ai_credits_left(credits_a.tenant) == 9
    assert fake_openai.calls == 1


def test_generate_with_other_options_is_not_a_cache_hit(fake_openai, credits_a, facts):
    run(services.request_generation(facts, FR, enqueue=False), credits_a)
    other = run(services.request_generation(facts, GenerationOptions(language="de"), enqueue=False), credits_a)
    assert not other.cached and fake_openai.calls == 2


def test_generate_whitespace_and_case_variants_share_one_cache_entry(fake_openai, credits_a, facts):
    from dataclasses import replace

    run(services.request_generation(facts, FR, enqueue=False), credits_a)
    variant = replace(facts, title="  Veste   en jean ", condition="VERY_GOOD", tags=("#Vintage",))
    assert run(services.request_generation(variant, FR, enqueue=False), credits_a).cached


@pytest.mark.parametrize("status,code", [("429", "rate_limited"), ("500", "unavailable")])
def test_generate_transient_error_on_last_attempt_fails_clearly_and_refunds(
    fake_openai, credits_a, facts, status, code
):
    fake_openai.queue(status, status)  # the SDK retries once, never more
    generation = run(services.request_generation(facts, FR, enqueue=False), credits_a)
    assert generation.status == Generation.Status.FAILED and generation.error_code == code
    assert fake_openai.calls == 2
    assert not generation.credit_charged and quotas.ai_credits_left(credits_a.tenant) == 10
    assert not cache.get(generation.cache_key) and not cache.get_failure(generation.cache_key)


def test_generate_transient_error_with_attempts_left_asks_for_a_retry(fake_openai, credits_a, facts):
    fake_openai.queue("429", "429")
    generation = services.request_generation(facts, FR, enqueue=False)
    with pytest.raises(GenerationError) as raised:
        services.run_generation(generation.public_id, tenant=credits_a.tenant, final_attempt=False)
    assert raised.value.retryable
    generation.refresh_from_db()
    assert generation.status == Generation.Status.QUEUED and generation.error_code == "rate_limited"
    retried = run(generation, credits_a)  # the Celery retry: the server answers now
    assert retried.status == Generation.Status.SUCCEEDED and retried.attempts == 2
    assert quotas.ai_credits_left(credits_a.tenant) == 9  # charged once, for the success


def test_generate_with_a_bad_key_fails_without_retrying(fake_openai, credits_a, facts):
    fake_openai.queue("401")
    generation = services.request_generation(facts, FR, enqueue=False)
    services.run_generation(generation.public_id, tenant=credits_a.tenant, final_attempt=False)
    generation.refresh_from_db()
    assert generation.status == Generation.Status.FAILED and generation.error_code == "auth"
    assert fake_openai.calls == 1 and quotas.ai_credits_left(credits_a.tenant) == 10


def test_generate_timeout_fails_with_a_timeout_message(settings, fake_openai, credits_a, facts):
    settings.AI_TIMEOUT_SECONDS = 0.5
    fake_openai.hang_seconds = 2
    fake_openai.queue("timeout", "timeout")
    generation = run(services.request_generation(facts, FR, enqueue=False), credits_a)
    assert generation.status == Generation.Status.FAILED and generation.error_code == "timeout"
    assert fake_openai.calls == 2 and quotas.ai_credits_left(credits_a.tenant) == 10


@pytest.mark.parametrize(
    "behaviour,code",
    [("malformed", "malformed"), ("length", "too_long"), ("refusal", "refused"), ("invent", "ungrounded")],
)
def test_generate_unusable_answer_fails_and_consumes_no_credit(fake_openai, credits_a, facts, behaviour, code):
    fake_openai.queue(behaviour)
    generation = run(services.request_generation(facts, FR, enqueue=False), credits_a)
    assert generation.status == Generation.Status.FAILED and generation.error_code == code
    assert generation.title == "" and quotas.ai_credits_left(credits_a.tenant) == 10


def test_generate_after_a_refusal_remembers_it_briefly_without_calling_again(fake_openai, credits_a, facts):
    fake_openai.queue("refusal")
    run(services.request_generation(facts, FR, enqueue=False), credits_a)
    again = run(services.request_generation(facts, FR, enqueue=False), credits_a)
    assert again.error_code == "refused" and fake_openai.calls == 1


def test_generate_with_no_credits_left_fails_before_calling_upstream(fake_openai, in_shop_a, facts):
    give_credits(in_shop_a, 0)
    generation = run(services.request_generation(facts, FR, enqueue=False), in_shop_a)
    assert generation.status == Generation.Status.FAILED and generation.error_code == "no_credits"
    assert fake_openai.calls == 0


def test_generate_with_no_credits_left_still_serves_a_cache_hit(fake_openai, credits_a, facts):
    run(services.request_generation(facts, FR, enqueue=False), credits_a)
    give_credits(credits_a, 1)  # the one credit is spent
    assert run(services.request_generation(facts, FR, enqueue=False), credits_a).cached


def test_generation_run_twice_is_not_charged_twice(fake_openai, credits_a, facts):
    generation = run(services.request_generation(facts, FR, enqueue=False), credits_a)
    assert services.run_generation(generation.public_id, tenant=credits_a.tenant) is None  # redelivery
    assert quotas.ai_credits_left(credits_a.tenant) == 9 and fake_openai.calls == 1


def test_usage_counts_hits_tokens_cost_and_savings(fake_openai, credits_a, facts):
    first = run(services.request_generation(facts, FR, enqueue=False), credits_a)
    run(services.request_generation(facts, FR, enqueue=False), credits_a)
    totals = selectors.usage()
    assert totals["total"] == 2 and totals["hits"] == 1 and totals["hit_rate"] == 50
    assert totals["cost"] == first.cost_eur == totals["saved"] and totals["tokens_in"] == first.tokens_in
