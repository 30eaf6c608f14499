#!/usr/bin/env python3
"""Local AWS emulator for cognito-reconcile.

Starts moto's server (cognito-idp, cognito-identity, IAM and the rest of moto on one port) with
the Cognito operations and behaviours that moto 5.2.1 lacks and that cognito-reconcile relies on:

  * UpdateUserPool keeps what AWS keeps because the request cannot carry it (sign-in options,
    schema, domain, MFA factor settings, and the feature plan when UserPoolTier is left out);
    MfaConfiguration on the request sets the MFA mode.
  * SetUserPoolMfaConfig / GetUserPoolMfaConfig keep and return EmailMfaConfiguration and
    WebAuthnConfiguration (moto drops them) next to SMS and TOTP; the request is the whole MFA and
    passkey configuration (what it leaves out is removed; MfaConfiguration left out is OFF).
  * SetRiskConfiguration / DescribeRiskConfiguration for a pool and for an app client; a client
    without its own configuration is described with the pool's.
  * Feature plans: FeatureUnavailableInTierException when CreateUserPool, UpdateUserPool,
    SetUserPoolMfaConfig, SetRiskConfiguration, SetLogDeliveryConfiguration or
    Create/UpdateUserPoolDomain asks for a feature the pool's UserPoolTier lacks (threat protection
    and user-activity log export: Plus; email MFA, passkeys, passwordless first factors, managed
    login: Essentials). A pool created without UserPoolTier is on Essentials.
  * DeleteUserPool refuses a pool whose deletion protection is active.
  * UpdateUserPoolClient resets every field the request leaves out, as AWS does (moto merges).
  * Identity pools keep AllowClassicFlow (moto drops it).
  * TagResource / UntagResource / ListTagsForResource for user pools.
  * UpdateResourceServer / DeleteResourceServer.
  * Managed login branding styles: Create/Update/Delete/DescribeManagedLoginBranding and
    DescribeManagedLoginBrandingByClient, one style per app client.
  * Hosted UI (classic) customization: Set/GetUICustomization for a pool (ClientId ALL) and for an
    app client; the logo is served by the emulator at its ImageUrl (GET /_ui-assets/...).
  * Terms documents: Create/Update/Delete/DescribeTerms and ListTerms.
  * Log export: Set/GetLogDeliveryConfiguration.
  * Client secrets: Add/List/DeleteUserPoolClientSecret (two per client), and a custom ClientSecret
    on CreateUserPoolClient; the token endpoint accepts each of a client's secrets.
  * ManagedLoginVersion of domains on Create/Update/DescribeUserPoolDomain (2 needs Essentials).
  * cognito-identity SetIdentityPoolRoles / GetIdentityPoolRoles.
  * The client-credentials grant of the OAuth 2.0 token endpoint (POST /oauth2/token, on a pool's
    domain named by the Host header, or on the emulator's own address): an RS256 access token
    signed with the pool's key, which GET /{poolId}/.well-known/jwks.json publishes. Counted as
    operation "oauth2/token".
  * A per-operation call counter: GET /_emulator/calls, POST /_emulator/calls/reset.
  * Runtime controls: POST /_emulator/latency {"ms": N} sets the delay of every AWS call from then
    on (--latency sets the start value); POST /_emulator/throttle {"share": S, "seed": N} answers
    that share of AWS calls, picked by a generator seeded with N, as AWS answers throttling, without
    carrying them out (Cognito: TooManyRequestsException "Rate exceeded"; IAM: Throttling);
    --throttle S sets it from the start. GET /_emulator/throttled counts those answers by
    operation (GET /_emulator/calls counts them too). POST /moto-api/reset also turns throttling
    off and puts the start latency back; POST /_emulator/calls/reset also clears throttled counts.
  * Users at scale: AdminCreateUser, AdminGetUser / AdminAddUserToGroup (any lookup of a user by
    name), ListUsers and ListUsersInGroup take a few milliseconds or less with 10,000 users, with
    moto's answers (same order, page tokens and errors). For tests, POST /_emulator/fast-paths
    {"on": false} runs moto's own code instead.
  * Requests breaking the AWS model's constraints are refused as AWS does (request_shape.py).
  * For tests only, POST /_emulator/ignore {"operation", "userPoolId", "field"}: from then on that
    operation on that pool drops that field of its request, as if AWS silently kept the old
    value. Scoped to one pool, so tests sharing the emulator do not see each other's. (It changes
    the signed body, so with IAM enforced such a request fails its signature check.)
  * IAM enforcement: --enforce-iam N checks every AWS request after the first N (moto's
    INITIAL_NO_AUTH_ACTION_COUNT, which also works from the environment); POST
    /_emulator/iam-enforcement {"on": true|false} turns the checks on or off from then on; GET
    /_emulator/iam-enforcement says {"on": bool, "uncheckedLeft": N}. Refusals are answered as AWS
    answers them in the request's protocol (Cognito: HTTP 400 AccessDeniedException in JSON; IAM:
    HTTP 403 AccessDenied in XML), naming the principal, the action and the resource; resources are
    the request's own (a user pool's or identity pool's ARN, a role's ARN) where moto evaluates "*".
    What is and is not enforced: see the section "IAM enforcement" below.

Every addition is written from the AWS API reference (the token endpoint from Cognito's
user pool endpoints reference; the feature-plan rules from the Cognito developer guide and the API
reference, each cited where it is applied). Added state lives on moto's own model objects (user
pools, app clients, identity pools), so POST /moto-api/reset clears it with everything else.

Usage:
    python3 moto_ext.py --host 127.0.0.1 --port 4566 [--latency MS] [--throttle SHARE [--throttle-seed N]]
                        [--enforce-iam N] [--exit-with-stdin]

Prints one line "ready http://HOST:PORT" on stdout once the server accepts connections.
Exit codes: 0 stopped by SIGINT/SIGTERM, 2 bad arguments, 3 moto missing, 4 cannot listen.
"""

from __future__ import annotations

import argparse
import base64
import functools
import hmac
import io
import json
import logging
import os
import re
import signal
import socket
import sys
import threading
import time
from collections import OrderedDict
from typing import Any, Callable, Iterable
from urllib.parse import parse_qs

sys.dont_write_bytecode = True  # importing the module next to this one leaves no __pycache__ there
from request_shape import with_request_shape_check  # noqa: E402

EXPECTED_MOTO_VERSION = "5.2.1"
EXIT_MOTO_MISSING = 3
EXIT_CANNOT_LISTEN = 4

LOOPBACK_HOSTS = {"localhost", "::1"}


# --------------------------------------------------------------------------------------------
# Startup checks
# --------------------------------------------------------------------------------------------


def require_moto() -> None:
    """Exit 3 with a one-line hint when moto (with its server extras) cannot be imported."""
    try:
        import moto  # noqa: F401
        import moto.server  # noqa: F401  (pulls in flask and werkzeug, the server extras)
    except ImportError as err:
        print(
            f"moto is not installed for {sys.executable} ({err}); "
            f'install it with: pip install "moto[server]=={EXPECTED_MOTO_VERSION}"',
            file=sys.stderr,
            flush=True,
        )
        sys.exit(EXIT_MOTO_MISSING)

    import moto

    # The patches below reach into moto's internals, which change between releases.
    if moto.__version__ != EXPECTED_MOTO_VERSION:
        print(
            f"warning: moto {moto.__version__} found, the emulator is built for "
            f"{EXPECTED_MOTO_VERSION}; some behaviour may differ",
            file=sys.stderr,
            flush=True,
        )


def is_loopback(host: str) -> bool:
    return host in LOOPBACK_HOSTS or host.startswith("127.")


# --------------------------------------------------------------------------------------------
# Errors in the shape the AWS JSON protocols use ({"__type": ..., "message": ...}, HTTP 400)
# --------------------------------------------------------------------------------------------


def aws_error(error_type: str, message: str) -> Exception:
    from moto.core.exceptions import JsonRESTError

    return JsonRESTError(error_type, message)


def invalid_parameter(message: str) -> Exception:
    return aws_error("InvalidParameterException", message)


def not_found(message: str) -> Exception:
    return aws_error("ResourceNotFoundException", message)


EMPTY_RESULT = "{}"


def constraint_error(path: str, value: Any, constraint: str) -> Exception:
    """AWS's wording for a request member that breaks the service model's constraints."""
    shown = "null" if value is None else f"'{value}'"
    return invalid_parameter(
        f"1 validation error detected: Value {shown} at '{path}' failed to satisfy constraint: {constraint}"
    )


def require_member(path: str, value: Any) -> None:
    if value is None:
        raise constraint_error(path, None, "Member must not be null")


def require_enum(path: str, value: Any, allowed: Iterable[str]) -> None:
    allowed = list(allowed)
    if value not in allowed:
        raise constraint_error(path, value, f"Member must satisfy enum value set: [{', '.join(allowed)}]")


def require_length(path: str, value: Any, low: int, high: int) -> None:
    if not isinstance(value, str) or not low <= len(value) <= high:
        raise constraint_error(
            path, value, f"Member must have length greater than or equal to {low} and less than or equal to {high}"
        )


def require_structure(path: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise constraint_error(path, value, "Member must be a structure")
    return value


# --------------------------------------------------------------------------------------------
# cognito-idp: user pools
# --------------------------------------------------------------------------------------------

# Sign-in options fixed at creation. The UpdateUserPool request has no field for them, so AWS
# keeps them; moto rebuilds the pool's configuration from the request and would lose them.
FIXED_AT_CREATION = ("UsernameAttributes", "AliasAttributes", "UsernameConfiguration")

MFA_MODES = ("OFF", "ON", "OPTIONAL")


# --------------------------------------------------------------------------------------------
# cognito-idp: feature plans (UserPoolTier) and FeatureUnavailableInTierException
# --------------------------------------------------------------------------------------------

TIERS = ("LITE", "ESSENTIALS", "PLUS")  # lowest first; each plan has every feature of the one before
# "The default plan selection for new user pools is Essentials." -- User pool feature plans,
# https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-sign-in-feature-plans.html
# DescribeUserPool shows UserPoolTier only when a request set it (as moto does), although AWS always
# shows it: an emulator that showed ESSENTIALS for every pool would change what the tool's export
# lists as left out, which is outside this launcher's remit. The rules below use the default.
DEFAULT_TIER = "ESSENTIALS"

THREAT_PROTECTION = "Threat Protection"
EMAIL_MFA = "Email MFA"
PASSKEYS = "Passkeys (WebAuthn)"


def pool_tier(pool: Any) -> str:
    return pool.extended_config.get("UserPoolTier") or DEFAULT_TIER


def requested_tier(value: Any) -> str | None:
    if value is not None:
        require_enum("userPoolTier", value, TIERS)
    return value


def require_tier(tier: str, needs: Iterable[tuple[str, str]]) -> None:
    """Raises FeatureUnavailableInTierException naming every (feature, lowest plan) the tier lacks."""
    missing = [feature for feature, lowest in needs if TIERS.index(tier) < TIERS.index(lowest)]
    if missing:
        # The wording AWS uses, e.g. "The following features need to be disabled for the ESSENTIALS
        # pricing tier configured: Threat Protection" (UpdateUserPool with threat protection on).
        raise aws_error(
            "FeatureUnavailableInTierException",
            f"The following features need to be disabled for the {tier} pricing tier configured: {', '.join(missing)}",
        )


def pool_request_needs(request: dict[str, Any]) -> list[tuple[str, str]]:
    """The features a CreateUserPool / UpdateUserPool request turns on that need a plan above Lite."""
    needs: list[tuple[str, str]] = []
    add_ons = request.get("UserPoolAddOns") or {}
    custom_mode = (add_ons.get("AdvancedSecurityAdditionalFlows") or {}).get("CustomAuthMode")
    # Threat protection, for standard (AdvancedSecurityMode) or custom (CustomAuthMode)
    # authentication, in AUDIT or ENFORCED mode. UserPoolAddOnsType: "To activate this setting,
    # your user pool must be on the Plus tier."
    # (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolAddOnsType.html);
    # "Threat protection is available in the Plus feature plan." -- Advanced security with threat
    # protection,
    # https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-settings-threat-protection.html
    if add_ons.get("AdvancedSecurityMode") in ("AUDIT", "ENFORCED") or custom_mode in ("AUDIT", "ENFORCED"):
        needs.append((THREAT_PROTECTION, "PLUS"))
    # Sign-in with a first factor other than a password (choice-based sign-in). SignInPolicyType:
    # "To activate this setting, your user pool must be in the Essentials tier or higher."
    # (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignInPolicyType.html).
    # Read here as a rule on first factors other than PASSWORD: password sign-in is in every plan, so
    # a password-only policy is accepted on Lite.
    factors = ((request.get("Policies") or {}).get("SignInPolicy") or {}).get("AllowedFirstAuthFactors") or []
    passwordless = sorted({factor for factor in factors if factor != "PASSWORD"})
    if passwordless:
        needs.append((f"Choice-based sign-in ({', '.join(passwordless)})", "ESSENTIALS"))
    return needs


def patch_user_pools() -> None:
    from moto.cognitoidp.models import CognitoIdpUserPool, CognitoIdpUserPoolDomain
    from moto.cognitoidp.responses import CognitoIdpResponse
    from moto.core.utils import utcnow

    moto_create_user_pool = CognitoIdpResponse.create_user_pool
    moto_update_user_pool = CognitoIdpResponse.update_user_pool
    moto_delete_user_pool = CognitoIdpResponse.delete_user_pool
    moto_user_pool_to_json = CognitoIdpUserPool.to_json
    moto_domain_to_json = CognitoIdpUserPoolDomain.to_json

    def create_user_pool(self: Any) -> Any:
        # A request without UserPoolTier makes an Essentials pool (DEFAULT_TIER).
        tier = requested_tier(self._get_param("UserPoolTier")) or DEFAULT_TIER
        require_tier(tier, pool_request_needs(self.parameters))
        return moto_create_user_pool(self)

    def update_user_pool(self: Any) -> str:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        mfa_mode = self._get_param("MfaConfiguration") or "OFF"
        if mfa_mode not in MFA_MODES:
            raise invalid_parameter("[MfaConfiguration] must be one of 'ON', 'OFF', or 'OPTIONAL'.")
        # "With the exception of UserPoolTier, if you don't provide a value for an attribute, Amazon
        # Cognito sets it to its default value." (UpdateUserPool): without one, the plan stays.
        new_tier = requested_tier(self._get_param("UserPoolTier"))
        kept_tier = pool.extended_config.get("UserPoolTier")
        needs = pool_request_needs(self.parameters)
        # A plan without email MFA needs email MFA turned off first: "To switch to a plan without
        # email MFA, ... deselect Email message as one of the available MFA methods." -- Turning off
        # features to change feature plans,
        # https://docs.aws.amazon.com/cognito/latest/developerguide/feature-plans-deactivate.html
        # (SetUserPoolMfaConfig sets it; UpdateUserPool cannot carry it.)
        if getattr(pool, "email_mfa_config", None) is not None:
            needs.append((EMAIL_MFA, "ESSENTIALS"))
        require_tier(new_tier or pool_tier(pool), needs)

        # What the request cannot carry, captured before moto replaces the configuration.
        fixed = {k: pool.extended_config[k] for k in FIXED_AT_CREATION if k in pool.extended_config}
        schema = pool.schema_attributes
        sms_mfa, token_mfa = pool.sms_mfa_config, pool.token_mfa_config

        moto_update_user_pool(self)

        pool.extended_config.update(fixed)
        if new_tier is None and kept_tier is not None:
            pool.extended_config["UserPoolTier"] = kept_tier
        pool.schema_attributes = schema
        # The request's MfaConfiguration (default OFF) is the mode; the factor settings made by
        # SetUserPoolMfaConfig (software token enabled, SMS message; email MFA and passkey settings,
        # kept on the pool object, which moto's update leaves alone) stay as they were.
        pool.mfa_config = mfa_mode
        pool.sms_mfa_config, pool.token_mfa_config = sms_mfa, token_mfa
        pool.extended_config.pop("MfaConfiguration", None)
        # AWS renames a pool in place when the request carries PoolName; moto ignores the field.
        new_name = self._get_param("PoolName")
        if new_name:
            pool.name = new_name
        pool.last_modified_date = utcnow()
        # The domain is stored beside the pool (backend.user_pool_domains), so it survives as is.
        return EMPTY_RESULT

    def delete_user_pool(self: Any) -> Any:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        if pool.extended_config.get("DeletionProtection") == "ACTIVE":
            raise invalid_parameter(
                "The user pool cannot be deleted because deletion protection is activated. "
                "Deletion protection must be inactivated first."
            )
        return moto_delete_user_pool(self)

    def user_pool_to_json(self: Any, extended: bool = False) -> dict[str, Any]:
        data = moto_user_pool_to_json(self, extended)
        # moto keeps the MFA mode in two places and DescribeUserPool can show the one from
        # CreateUserPool after SetUserPoolMfaConfig changed it; the pool's mode is the truth.
        data["MfaConfiguration"] = self.mfa_config
        # AWS lists a pool's Cognito-prefix domain as Domain and its own domain as CustomDomain;
        # moto names whichever it finds first as Domain.
        data.pop("Domain", None)
        for upd in self.backend.user_pool_domains.values():
            if upd.user_pool_id != self.id:
                continue
            key = "CustomDomain" if upd.custom_domain_config.get("CertificateArn") else "Domain"
            data.setdefault(key, upd.domain)
        return data

    def domain_to_json(self: Any, extended: bool = True) -> dict[str, Any]:
        data = moto_domain_to_json(self, extended)
        # DescribeUserPoolDomain shows a custom domain's certificate (CustomDomainConfig).
        if extended and self.custom_domain_config:
            data["CustomDomainConfig"] = dict(self.custom_domain_config)
        # DomainDescriptionType.ManagedLoginVersion (add_domain_login_version sets it).
        if extended:
            data["ManagedLoginVersion"] = getattr(self, "managed_login_version", 1)
        return data

    CognitoIdpResponse.create_user_pool = create_user_pool
    CognitoIdpResponse.update_user_pool = update_user_pool
    CognitoIdpResponse.delete_user_pool = delete_user_pool
    CognitoIdpUserPool.to_json = user_pool_to_json
    CognitoIdpUserPoolDomain.to_json = domain_to_json


# --------------------------------------------------------------------------------------------
# cognito-idp: MFA and passkey configuration (Set/GetUserPoolMfaConfig)
# --------------------------------------------------------------------------------------------

# SetUserPoolMfaConfig request members and the pool attributes that hold them. moto keeps SMS and
# TOTP in sms_mfa_config / token_mfa_config (its sign-in flows read them); email MFA and passkey
# settings, which moto drops, are kept beside them on the same pool object.
MFA_MEMBERS = (
    ("SmsMfaConfiguration", "sms_mfa_config"),
    ("SoftwareTokenMfaConfiguration", "token_mfa_config"),
    ("EmailMfaConfiguration", "email_mfa_config"),
    ("WebAuthnConfiguration", "web_authn_config"),
)
USER_VERIFICATION = ("required", "preferred")
PASSKEY_FACTORS = ("SINGLE_FACTOR", "MULTI_FACTOR_WITH_USER_VERIFICATION")


def email_mfa_config(value: Any) -> dict[str, Any]:
    """EmailMfaConfigType: Message (6 to 20,000 characters, with the {####} code) and Subject."""
    config = require_structure("emailMfaConfiguration", value)
    message, subject = config.get("Message"), config.get("Subject")
    if message is not None:
        require_length("emailMfaConfiguration.message", message, 6, 20000)
        if "{####}" not in message:
            raise constraint_error(
                "emailMfaConfiguration.message", message, "Member must contain the {####} placeholder for the code"
            )
    if subject is not None and (not isinstance(subject, str) or not subject.strip()):
        raise constraint_error("emailMfaConfiguration.subject", subject, "Member must not be empty")
    return {k: v for k, v in (("Message", message), ("Subject", subject)) if v is not None}


def web_authn_config(value: Any) -> dict[str, Any]:
    """WebAuthnConfigurationType: RelyingPartyId (1 to 127), UserVerification, FactorConfiguration."""
    config = require_structure("webAuthnConfiguration", value)
    relying_party = config.get("RelyingPartyId")
    if relying_party is not None:
        require_length("webAuthnConfiguration.relyingPartyId", relying_party, 1, 127)
    if config.get("UserVerification") is not None:
        require_enum("webAuthnConfiguration.userVerification", config["UserVerification"], USER_VERIFICATION)
    if config.get("FactorConfiguration") is not None:
        require_enum("webAuthnConfiguration.factorConfiguration", config["FactorConfiguration"], PASSKEY_FACTORS)
    members = ("RelyingPartyId", "UserVerification", "FactorConfiguration")
    return {k: config[k] for k in members if config.get(k) is not None}


def mfa_config_of(pool: Any) -> dict[str, Any]:
    """GetUserPoolMfaConfig's answer: the mode and each factor setting the pool has."""
    answer: dict[str, Any] = {"MfaConfiguration": pool.mfa_config}
    for member, attribute in MFA_MEMBERS:
        value = getattr(pool, attribute, None)
        if value is not None:
            answer[member] = value
    return answer


def add_mfa_config_operations() -> None:
    from moto.cognitoidp.responses import CognitoIdpResponse

    def set_user_pool_mfa_config(self: Any) -> str:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        # The API reference marks every member but UserPoolId as optional and says nothing of what
        # happens to settings a request leaves out. This emulator takes the request as the pool's
        # whole MFA and passkey configuration, as UpdateUserPool documents for its own fields ("if
        # you don't provide a value for an attribute, Amazon Cognito sets it to its default value"):
        # a factor setting left out is removed, and MfaConfiguration left out is OFF, its documented
        # default on CreateUserPool. So a request with WebAuthnConfiguration alone is accepted
        # (moto refused it), and a caller that means to keep a setting must send it again -- what
        # cognito-reconcile relies on ("SetUserPoolMfaConfig resets what it is not sent").
        mode = self._get_param("MfaConfiguration")
        if mode is None:
            mode = "OFF"
        if mode not in MFA_MODES:
            raise invalid_parameter("[MfaConfiguration] must be one of 'ON', 'OFF', or 'OPTIONAL'.")
        sms = self._get_param("SmsMfaConfiguration")
        token = self._get_param("SoftwareTokenMfaConfiguration")
        email = self._get_param("EmailMfaConfiguration")
        email = email_mfa_config(email) if email is not None else None
        passkeys = self._get_param("WebAuthnConfiguration")
        passkeys = web_authn_config(passkeys) if passkeys is not None else None
        if mode in ("ON", "OPTIONAL"):
            # MFA on or optional needs a second factor to offer: SMS, TOTP or (Essentials) email.
            if sms is None and token is None and email is None:
                raise invalid_parameter(
                    "At least one of [SmsMfaConfiguration], [SoftwareTokenMfaConfiguration] or "
                    "[EmailMfaConfiguration] must be provided."
                )
            if sms is not None and "SmsConfiguration" not in sms:
                raise invalid_parameter("[SmsConfiguration] is a required member of [SmsMfaConfiguration].")
        needs = []
        # EmailMfaConfigType: "To activate this setting, your user pool must be in the Essentials
        # tier or higher."
        # (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_EmailMfaConfigType.html);
        # email MFA is listed among the Essentials plan features (Essentials plan features,
        # https://docs.aws.amazon.com/cognito/latest/developerguide/feature-plans-features-essentials.html).
        if email is not None:
            needs.append((EMAIL_MFA, "ESSENTIALS"))
        # WebAuthnConfigurationType: "To activate this setting, your user pool must be in the
        # Essentials tier or higher."
        # (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_WebAuthnConfigurationType.html)
        if passkeys is not None:
            needs.append((PASSKEYS, "ESSENTIALS"))
        require_tier(pool_tier(pool), needs)

        pool.mfa_config = mode
        pool.sms_mfa_config, pool.token_mfa_config = sms, token
        pool.email_mfa_config, pool.web_authn_config = email, passkeys
        return json.dumps(mfa_config_of(pool))

    def get_user_pool_mfa_config(self: Any) -> str:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        return json.dumps(mfa_config_of(pool))

    CognitoIdpResponse.set_user_pool_mfa_config = set_user_pool_mfa_config
    CognitoIdpResponse.get_user_pool_mfa_config = get_user_pool_mfa_config


# --------------------------------------------------------------------------------------------
# cognito-idp: threat protection risk configuration (Set/DescribeRiskConfiguration)
# --------------------------------------------------------------------------------------------

COMPROMISED_EVENT_ACTIONS = ("BLOCK", "NO_ACTION")
EVENT_FILTERS = ("SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP")
TAKEOVER_EVENT_ACTIONS = ("BLOCK", "MFA_IF_CONFIGURED", "MFA_REQUIRED", "NO_ACTION")
TAKEOVER_LEVELS = ("LowAction", "MediumAction", "HighAction")
NOTIFY_EMAILS = ("BlockEmail", "NoActionEmail", "MfaEmail")
MAX_IP_RANGES = 200


def lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def compromised_credentials_config(value: Any) -> dict[str, Any]:
    """CompromisedCredentialsRiskConfigurationType: Actions.EventAction (required), EventFilter."""
    path = "compromisedCredentialsRiskConfiguration"
    config = require_structure(path, value)
    require_member(f"{path}.actions", config.get("Actions"))
    actions = require_structure(f"{path}.actions", config["Actions"])
    require_member(f"{path}.actions.eventAction", actions.get("EventAction"))
    require_enum(f"{path}.actions.eventAction", actions["EventAction"], COMPROMISED_EVENT_ACTIONS)
    result: dict[str, Any] = {"Actions": {"EventAction": actions["EventAction"]}}
    if config.get("EventFilter") is not None:
        if not isinstance(config["EventFilter"], list):
            raise constraint_error(f"{path}.eventFilter", config["EventFilter"], "Member must be a list")
        for event in config["EventFilter"]:
            require_enum(f"{path}.eventFilter.member", event, EVENT_FILTERS)
        result["EventFilter"] = list(config["EventFilter"])
    return result


def notify_email(path: str, value: Any) -> dict[str, Any]:
    """NotifyEmailType: Subject (required, 1 to 140), HtmlBody and TextBody (6 to 20,000)."""
    email = require_structure(path, value)
    require_member(f"{path}.subject", email.get("Subject"))
    require_length(f"{path}.subject", email["Subject"], 1, 140)
    for body in ("HtmlBody", "TextBody"):
        if email.get(body) is not None:
            require_length(f"{path}.{lower_first(body)}", email[body], 6, 20000)
    return {k: email[k] for k in ("Subject", "HtmlBody", "TextBody") if email.get(k) is not None}


def account_takeover_config(value: Any) -> dict[str, Any]:
    """AccountTakeoverRiskConfigurationType: Actions (required) and NotifyConfiguration."""
    path = "accountTakeoverRiskConfiguration"
    config = require_structure(path, value)
    require_member(f"{path}.actions", config.get("Actions"))
    actions = require_structure(f"{path}.actions", config["Actions"])
    result: dict[str, Any] = {"Actions": {}}
    for level in TAKEOVER_LEVELS:
        if actions.get(level) is None:
            continue
        level_path = f"{path}.actions.{lower_first(level)}"
        action = require_structure(level_path, actions[level])
        require_member(f"{level_path}.notify", action.get("Notify"))
        if not isinstance(action["Notify"], bool):
            raise constraint_error(f"{level_path}.notify", action["Notify"], "Member must be a boolean")
        require_member(f"{level_path}.eventAction", action.get("EventAction"))
        require_enum(f"{level_path}.eventAction", action["EventAction"], TAKEOVER_EVENT_ACTIONS)
        result["Actions"][level] = {"Notify": action["Notify"], "EventAction": action["EventAction"]}
    if config.get("NotifyConfiguration") is not None:
        notify_path = f"{path}.notifyConfiguration"
        notify = require_structure(notify_path, config["NotifyConfiguration"])
        require_member(f"{notify_path}.sourceArn", notify.get("SourceArn"))
        require_length(f"{notify_path}.sourceArn", notify["SourceArn"], 20, 2048)
        if not notify["SourceArn"].startswith("arn:"):
            raise constraint_error(f"{notify_path}.sourceArn", notify["SourceArn"], "Member must be an ARN")
        kept: dict[str, Any] = {k: notify[k] for k in ("From", "ReplyTo", "SourceArn") if notify.get(k) is not None}
        for email in NOTIFY_EMAILS:
            if notify.get(email) is not None:
                kept[email] = notify_email(f"{notify_path}.{lower_first(email)}", notify[email])
        result["NotifyConfiguration"] = kept
    return result


def risk_exception_config(value: Any) -> dict[str, Any]:
    """RiskExceptionConfigurationType: always-block and always-allow lists of CIDR ranges (200 each)."""
    import ipaddress

    path = "riskExceptionConfiguration"
    config = require_structure(path, value)
    result: dict[str, Any] = {}
    for member in ("BlockedIPRangeList", "SkippedIPRangeList"):
        ranges = config.get(member)
        if ranges is None:
            continue
        member_path = f"{path}.{lower_first(member)}"
        if not isinstance(ranges, list):
            raise constraint_error(member_path, ranges, "Member must be a list")
        if len(ranges) > MAX_IP_RANGES:
            raise constraint_error(
                member_path, f"[{len(ranges)} ranges]", f"Member must have length less than or equal to {MAX_IP_RANGES}"
            )
        for cidr in ranges:
            try:
                ipaddress.ip_network(cidr, strict=False)
            except (TypeError, ValueError):
                raise invalid_parameter(f"{cidr} is not a valid IP range in CIDR notation.") from None
        result[member] = list(ranges)
    return result


RISK_MEMBERS = (
    ("CompromisedCredentialsRiskConfiguration", compromised_credentials_config),
    ("AccountTakeoverRiskConfiguration", account_takeover_config),
    ("RiskExceptionConfiguration", risk_exception_config),
)


def pool_client(pool: Any, client_id: Any) -> Any:
    client = pool.clients.get(client_id) if isinstance(client_id, str) else None
    if client is None:
        raise not_found(f"User pool client {client_id} does not exist.")
    return client


def add_risk_configuration_operations() -> None:
    from moto.cognitoidp.responses import CognitoIdpResponse

    # A pool's configuration is kept on the pool object and an app client's on the client object
    # (risk_configuration, None when there is none), so deleting either deletes its configuration.

    def set_risk_configuration(self: Any) -> str:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        client_id = self._get_param("ClientId")
        target = pool_client(pool, client_id) if client_id is not None else pool
        config = {}
        for member, validate in RISK_MEMBERS:
            value = self._get_param(member)
            if value is not None:
                config[member] = validate(value)
        # "To activate this setting, your user pool must be on the Plus tier." (SetRiskConfiguration,
        # https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetRiskConfiguration.html);
        # "Threat protection is available in the Plus feature plan." (Advanced security with threat
        # protection,
        # https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-settings-threat-protection.html).
        # A request with no configuration turns settings off (below), which any plan may do.
        if config:
            require_tier(pool_tier(pool), [(THREAT_PROTECTION, "PLUS")])
        # The request is the whole configuration of the pool or client, not a merge. "To set the risk
        # configuration for the user pool to defaults, send this request with only the UserPoolId
        # parameter. To reset the threat protection settings of an app client to be inherited from
        # the user pool, send UserPoolId and ClientId parameters only." (SetRiskConfiguration): such
        # a request removes the stored configuration.
        if config:
            config["LastModifiedDate"] = round(time.time(), 3)
            target.risk_configuration = config
        else:
            target.risk_configuration = None
        answer = {"UserPoolId": pool.id, **({"ClientId": client_id} if client_id is not None else {}), **config}
        return json.dumps({"RiskConfiguration": answer})

    def describe_risk_configuration(self: Any) -> str:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        client_id = self._get_param("ClientId")
        own = getattr(pool_client(pool, client_id), "risk_configuration", None) if client_id is not None else None
        if own is not None:
            answer = {"UserPoolId": pool.id, "ClientId": client_id, **own}
        else:
            # RiskConfigurationType.ClientId: "When this parameter isn't present, the risk
            # configuration applies to all user pool app clients that don't have client-level
            # settings." A client without its own configuration is answered with the pool's, without
            # ClientId; a pool with none set is answered with its id alone (no settings).
            answer = {"UserPoolId": pool.id, **(getattr(pool, "risk_configuration", None) or {})}
        return json.dumps({"RiskConfiguration": answer})

    CognitoIdpResponse.set_risk_configuration = set_risk_configuration
    CognitoIdpResponse.describe_risk_configuration = describe_risk_configuration


# --------------------------------------------------------------------------------------------
# cognito-idp: tags on user pools
# --------------------------------------------------------------------------------------------


def user_pool_for_arn(arn: Any) -> Any:
    """The user pool named by an ARN arn:PARTITION:cognito-idp:REGION:ACCOUNT:userpool/ID."""
    from moto.cognitoidp.models import cognitoidp_backends

    parts = arn.split(":", 5) if isinstance(arn, str) else []
    if len(parts) != 6 or parts[2] != "cognito-idp" or not parts[5].startswith("userpool/"):
        raise invalid_parameter(f"Invalid ResourceArn: {arn}")
    region, account, pool_id = parts[3], parts[4], parts[5][len("userpool/") :]
    try:
        pool = cognitoidp_backends[account][region].user_pools.get(pool_id)
    except KeyError:
        pool = None
    if pool is None:
        raise not_found(f"User pool {pool_id} does not exist.")
    return pool


def pool_tags(pool: Any) -> dict[str, str]:
    # Tags live where CreateUserPool/UpdateUserPool put UserPoolTags, so DescribeUserPool and the
    # tagging operations always agree.
    return dict(pool.extended_config.get("UserPoolTags") or {})


def set_pool_tags(pool: Any, tags: dict[str, str]) -> None:
    if tags:
        pool.extended_config["UserPoolTags"] = tags
    else:
        # A pool without tags has no UserPoolTags in DescribeUserPool, as after CreateUserPool.
        pool.extended_config.pop("UserPoolTags", None)


def add_user_pool_tagging() -> None:
    from moto.cognitoidp.responses import CognitoIdpResponse

    def tag_resource(self: Any) -> str:
        pool = user_pool_for_arn(self._get_param("ResourceArn"))
        tags = self._get_param("Tags")
        if not isinstance(tags, dict):
            raise invalid_parameter("Tags is required.")
        set_pool_tags(pool, {**pool_tags(pool), **tags})
        return EMPTY_RESULT

    def untag_resource(self: Any) -> str:
        pool = user_pool_for_arn(self._get_param("ResourceArn"))
        keys = self._get_param("TagKeys")
        if not isinstance(keys, list):
            raise invalid_parameter("TagKeys is required.")
        set_pool_tags(pool, {k: v for k, v in pool_tags(pool).items() if k not in keys})
        return EMPTY_RESULT

    def list_tags_for_resource(self: Any) -> str:
        pool = user_pool_for_arn(self._get_param("ResourceArn"))
        return json.dumps({"Tags": pool_tags(pool)})

    CognitoIdpResponse.tag_resource = tag_resource
    CognitoIdpResponse.untag_resource = untag_resource
    CognitoIdpResponse.list_tags_for_resource = list_tags_for_resource


# --------------------------------------------------------------------------------------------
# cognito-idp: app client dates
# --------------------------------------------------------------------------------------------


def add_client_dates() -> None:
    from moto.cognitoidp.models import CognitoIdpBackend, CognitoIdpUserPoolClient

    moto_init = CognitoIdpUserPoolClient.__init__
    moto_to_json = CognitoIdpUserPoolClient.to_json
    moto_update = CognitoIdpBackend.update_user_pool_client

    # AWS describes a client with its CreationDate and LastModifiedDate (epoch seconds with
    # milliseconds); moto has neither. Concurrent applies rank copies of a client by creation.
    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        moto_init(self, *args, **kwargs)
        self.creation_date = self.last_modified_date = round(time.time(), 3)

    def to_json(self: Any, extended: bool = False) -> dict[str, Any]:
        data = moto_to_json(self, extended)
        if extended:
            data["CreationDate"] = self.creation_date
            data["LastModifiedDate"] = self.last_modified_date
        return data

    def update_user_pool_client(self: Any, user_pool_id: str, client_id: str, extended_config: dict[str, Any]) -> Any:
        # AWS: "If you don't provide a value for an attribute, Amazon Cognito sets it to its default
        # value." moto merges the request into the client instead, so a caller that forgets to
        # send a field would pass here and lose it on AWS. The new configuration is what a new
        # client gets, plus the request; id, secret and creation date stay, and so does the name
        # when the request has none (a client always has one).
        client = moto_update(self, user_pool_id, client_id, {})
        defaults = CognitoIdpUserPoolClient(user_pool_id, False, None).extended_config
        name = client.extended_config.get("ClientName")
        client.extended_config = {**defaults, "ClientName": name, **extended_config}
        client.last_modified_date = round(time.time(), 3)
        return client

    CognitoIdpUserPoolClient.__init__ = init
    CognitoIdpUserPoolClient.to_json = to_json
    CognitoIdpBackend.update_user_pool_client = update_user_pool_client


# --------------------------------------------------------------------------------------------
# cognito-idp: user attributes
# --------------------------------------------------------------------------------------------


def patch_user_attributes() -> None:
    from moto.cognitoidp.exceptions import AliasExistsException
    from moto.cognitoidp.models import CognitoIdpBackend

    def admin_update_user_attributes(self: Any, user_pool_id: str, username: str, attributes: Any) -> None:
        pool = self.describe_user_pool(user_pool_id)
        user = self.admin_get_user(user_pool_id, username)
        email = self._find_attr("email", attributes)
        # AWS refuses an email that another user of an email-sign-in pool has; moto also counted
        # the user being updated, so writing a user's own email back failed.
        if email and "email" in pool.extended_config.get("UsernameAttributes", []):
            if other_users_with_email(pool, user, email):
                raise AliasExistsException()
        user.update_attributes(attributes)

    CognitoIdpBackend.admin_update_user_attributes = admin_update_user_attributes


# --------------------------------------------------------------------------------------------
# cognito-idp: users at scale (fast paths with moto's answers)
# --------------------------------------------------------------------------------------------

# moto 5.2.1 finds a user of a pool that signs in with email or phone number by scanning every
# user (AdminCreateUser's uniqueness check, AdminGetUser, AdminAddUserToGroup, ...), builds the
# whole filtered list of a pool's users for each ListUsers / ListUsersInGroup page and then scans
# it for the page's first user. With 10,000 users that is tens of milliseconds a call, and calls
# are served one at a time. The fast paths below give the same answers (same users, same order,
# same page tokens, same errors) from an index kept inside the pool's user dict itself, so moto's
# dict stays the one source of truth and POST /moto-api/reset drops the index with the pool.
# FAST_PATHS["on"] = False (POST /_emulator/fast-paths {"on": false}, for tests) runs moto's own
# code instead, so tests can check both give the same answers.
FAST_PATHS = {"on": True}

# The attributes a pool can sign in with (UsernameAttributes) and that the index maps to users.
INDEXED_ATTRIBUTES = ("email", "phone_number")


class IndexedUsers(OrderedDict):  # type: ignore[type-arg]
    """A pool's users (username -> user) in creation order, as moto keeps them, plus an index.

    Kept beside the dict's own entries: each key's position (a sequence number; deleted keys leave
    a hole until the order list is compacted), the key of each user id (sub, which page tokens
    carry) and, for each email or phone number a user has had while in the pool, the keys that
    had it (a superset: lookups check the user's current attributes).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._reindex_empty()
        super().__init__(*args, **kwargs)

    def _reindex_empty(self) -> None:
        self._seq: dict[Any, int] = {}
        self._order: list[Any] = []  # key at its sequence number, None where one was deleted
        self._holes = 0
        self._key_of_id: dict[str, Any] = {}
        self._by_value: dict[tuple[str, Any], set[Any]] = {}

    def _reindex(self) -> None:
        self._reindex_empty()
        for key, user in self.items():
            self._add(key, user)

    def _add(self, key: Any, user: Any) -> None:
        self._seq[key] = len(self._order)
        self._order.append(key)
        self._note(key, user)

    def _note(self, key: Any, user: Any) -> None:
        user_id = getattr(user, "id", None)
        if user_id is not None:
            self._key_of_id[str(user_id)] = key
        attributes = getattr(user, "attributes", None)
        if isinstance(attributes, list):
            for attribute in attributes:
                if isinstance(attribute, dict) and attribute.get("Name") in INDEXED_ATTRIBUTES:
                    self._by_value.setdefault((attribute["Name"], attribute.get("Value")), set()).add(key)
        try:
            user._ext_pool_users = self  # lets the user's attribute updates reach this index
        except AttributeError:
            pass

    def __setitem__(self, key: Any, user: Any) -> None:
        known = key in self
        super().__setitem__(key, user)
        if known:
            self._note(key, user)
        else:
            self._add(key, user)

    def __delitem__(self, key: Any) -> None:
        user = self[key]
        super().__delitem__(key)
        seq = self._seq.pop(key)
        self._order[seq] = None
        self._holes += 1
        if self._key_of_id.get(str(getattr(user, "id", None))) == key:
            del self._key_of_id[str(user.id)]
        if self._holes > 64 and self._holes * 2 > len(self._order):
            self._order = [k for k in self._order if k is not None]
            self._seq = {k: i for i, k in enumerate(self._order)}
            self._holes = 0

    # Whole-dict changes moto does not make: kept correct by rebuilding the index.
    def _rebuilt(name: str) -> Callable[..., Any]:  # noqa: N805
        def method(self: "IndexedUsers", *args: Any, **kwargs: Any) -> Any:
            result = getattr(super(IndexedUsers, self), name)(*args, **kwargs)
            self._reindex()
            return result

        return method

    pop = _rebuilt("pop")
    popitem = _rebuilt("popitem")
    clear = _rebuilt("clear")
    setdefault = _rebuilt("setdefault")
    move_to_end = _rebuilt("move_to_end")
    __ior__ = _rebuilt("__ior__")
    del _rebuilt

    def update(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        for key, user in dict(*args, **kwargs).items():
            self[key] = user

    def position(self, key: Any) -> int:
        return self._seq[key]

    def from_position(self, start: int) -> Iterable[Any]:
        """The users from a position on, in the dict's order."""
        order = self._order
        for index in range(start, len(order)):
            key = order[index]
            if key is not None:
                yield self[key]

    def key_of_id(self, user_id: str) -> Any:
        return self._key_of_id.get(user_id)

    def keys_with(self, name: str, value: Any) -> set[Any]:
        return self._by_value.get((name, value), set())


def new_paginator(method: str, kwargs: dict[str, Any]) -> Any:
    """The Paginator moto's @paginate would build for this backend method and these arguments."""
    from copy import deepcopy

    from moto.cognitoidp.utils import PAGINATION_MODEL
    from moto.utilities.paginator import Paginator

    config = PAGINATION_MODEL[method]
    token_name = config.get("input_token", "next_token")
    limit_name = config.get("limit_key")
    checked = deepcopy(kwargs)
    checked.pop(token_name, None)
    checked.pop(limit_name, None)
    return Paginator(
        max_results=kwargs.get(limit_name),
        max_results_default=config.get("limit_default"),
        starting_token=kwargs.get(token_name),
        unique_attribute=config.get("unique_attribute"),
        param_values_to_check=checked,
        fail_on_invalid_token=config.get("fail_on_invalid_token", True),
    )


def page_of(paginator: Any, users: IndexedUsers, candidates: Callable[[int], Iterable[Any]], matches: Callable[[Any], bool]) -> tuple[list[Any], str | None]:
    """What Paginator.paginate answers for the users that match, found without listing them all.

    candidates(position) yields the users from that position on in the pool's order (it may skip
    users that cannot match).
    """
    from moto.core.exceptions import InvalidToken

    start = 0
    if paginator._parsed_token is not None:
        # The page starts at the first listed user whose id is the token's (uniqueAttributes).
        user_id = paginator._parsed_token["uniqueAttributes"].split("|")[0]
        key = users.key_of_id(user_id)
        first = users.get(key) if key is not None else None
        if first is None or str(first.id) != user_id or not matches(first):
            raise InvalidToken("Resource not found!")
        start = users.position(key)
    page: list[Any] = []
    for user in candidates(start):
        if not matches(user):
            continue
        if len(page) == paginator._max_results:
            return page, paginator._build_next_token(user)
        page.append(user)
    return page, None


def fast_pagination_applies(paginator: Any) -> bool:
    """Fast paths take the usual requests; anything odd goes to moto's own code."""
    limit = paginator._max_results
    if not isinstance(limit, int) or isinstance(limit, bool) or limit <= 0:
        return False
    token = paginator._parsed_token
    return token is None or (isinstance(token, dict) and isinstance(token.get("uniqueAttributes"), str))


def user_filter(filt: Any) -> Callable[[Any], bool]:
    """ListUsers' Filter as moto 5.2.1 reads it (same errors, same matches)."""
    from moto.cognitoidp.exceptions import InvalidParameterException

    if not filt:
        return lambda user: True
    inherent_attributes: dict[str, Any] = {
        "cognito:user_status": lambda u: u.status,
        "status": lambda u: "Enabled" if u.enabled else "Disabled",
        "username": lambda u: u.username,
    }
    allowed_attributes = [
        "username", "email", "phone_number", "name", "given_name", "family_name",
        "preferred_username", "cognito:user_status", "status", "sub",
    ]  # fmt: skip
    match = re.match(r"([\w:]+)\s*(=|\^=)\s*\"(.*)\"", filt)
    if not match:
        raise InvalidParameterException("Error while parsing filter")
    name, op, value = match.groups()
    if name not in allowed_attributes:
        raise InvalidParameterException(f"Invalid search attribute: {name}")
    if op == "=":
        compare: Callable[[Any, Any], bool] = lambda x, y: x == y  # noqa: E731
    else:
        compare = lambda x, y: x.startswith(y)  # noqa: E731
    inherent = inherent_attributes.get(name)

    def matches(user: Any) -> bool:
        for attr in user.attributes:
            if attr["Name"] == name and compare(attr["Value"], value):
                return True
        return inherent is not None and bool(compare(inherent(user), value))

    return matches


def patch_users_at_scale() -> None:
    import moto.backends
    from moto.cognitoidp.models import CognitoIdpBackend, CognitoIdpUser, CognitoIdpUserPool, flatten_attrs

    # moto's server lists its own package directory (about 180 stat calls) to route every
    # request; the directory does not change while the server runs.
    module_names = tuple(moto.backends.list_of_moto_modules())
    moto.backends.list_of_moto_modules = lambda: iter(module_names)

    moto_pool_init = CognitoIdpUserPool.__init__
    moto_get_user = CognitoIdpUserPool._get_user
    moto_update_attributes = CognitoIdpUser.update_attributes
    moto_delete_attributes = CognitoIdpUser.delete_attributes
    moto_list_users = CognitoIdpBackend.list_users
    moto_list_users_in_group = CognitoIdpBackend.list_users_in_group
    moto_verify_email_is_not_used = CognitoIdpBackend._verify_email_is_not_used

    def pool_init(self: Any, *args: Any, **kwargs: Any) -> None:
        moto_pool_init(self, *args, **kwargs)
        self.users = IndexedUsers(self.users)

    def indexed_users(pool: Any) -> IndexedUsers | None:
        users = pool.users
        return users if FAST_PATHS["on"] and isinstance(users, IndexedUsers) else None

    def get_user(self: Any, username: str) -> Any:
        users = indexed_users(self)
        kinds = self.extended_config.get("UsernameAttributes")
        if users is None or not kinds or not isinstance(username, str) or not set(kinds) <= set(INDEXED_ATTRIBUTES):
            return moto_get_user(self, username)
        # moto: the first user in the pool's order with one of the sign-in attributes equal to
        # the name, else the user whose username (the sub, in such a pool) it is.
        found = None
        for kind in kinds:
            for key in list(users.keys_with(kind, username)):
                user = users.get(key)
                if user is None or username not in [flatten_attrs(user.attributes).get(k) for k in kinds]:
                    continue
                if found is None or users.position(key) < users.position(found[0]):
                    found = (key, user)
        return found[1] if found else users.get(username)

    def after_attribute_change(user: Any) -> None:
        users = getattr(user, "_ext_pool_users", None)
        if isinstance(users, IndexedUsers) and users.get(user.username) is user:
            users._note(user.username, user)

    def update_attributes(self: Any, new_attributes: Any) -> None:
        moto_update_attributes(self, new_attributes)
        after_attribute_change(self)

    def delete_attributes(self: Any, attrs_to_delete: Any) -> None:
        moto_delete_attributes(self, attrs_to_delete)
        after_attribute_change(self)

    def list_users(self: Any, *args: Any, **kwargs: Any) -> Any:
        paginator = new_paginator("list_users", kwargs)
        if not FAST_PATHS["on"] or not fast_pagination_applies(paginator) or len(args) + len(kwargs) != 4 or len(args) != 2:
            return moto_list_users(self, *args, **kwargs)
        user_pool_id, filt = args
        pool = self.describe_user_pool(user_pool_id)
        users = indexed_users(pool)
        if users is None:
            return moto_list_users(self, *args, **kwargs)
        return page_of(paginator, users, users.from_position, user_filter(filt))

    def list_users_in_group(self: Any, *args: Any, **kwargs: Any) -> Any:
        paginator = new_paginator("list_users_in_group", kwargs)
        if not FAST_PATHS["on"] or not fast_pagination_applies(paginator) or len(args) + len(kwargs) != 4 or len(args) != 2:
            return moto_list_users_in_group(self, *args, **kwargs)
        user_pool_id, group_name = args
        pool = self.describe_user_pool(user_pool_id)
        group = self.get_group(user_pool_id, group_name)
        users = indexed_users(pool)
        if users is None:
            return moto_list_users_in_group(self, *args, **kwargs)
        members = group.users

        def candidates(start: int) -> Iterable[Any]:
            # A group much smaller than its pool: its members in the pool's order; otherwise the
            # pool's users, of which matches() keeps the members.
            if len(members) * 8 >= len(users):
                return users.from_position(start)
            keyed = [(users.position(m.username), m) for m in members if users.get(m.username) is m]
            keyed.sort(key=lambda pair: pair[0])
            return [m for position, m in keyed if position >= start]

        return page_of(paginator, users, candidates, lambda user: user in members)

    def verify_email_is_not_used(self: Any, user_pool_id: str, email: Any) -> None:
        from moto.cognitoidp.exceptions import AliasExistsException

        pool = self.describe_user_pool(user_pool_id)
        users = indexed_users(pool)
        if not email or users is None or "email" not in pool.extended_config.get("UsernameAttributes", []):
            return moto_verify_email_is_not_used(self, user_pool_id, email)
        for key in users.keys_with("email", email):
            user = users.get(key)
            if user is not None and user.attribute_lookup.get("email", "") == email:
                raise AliasExistsException
        return None

    CognitoIdpUserPool.__init__ = pool_init
    CognitoIdpUserPool._get_user = get_user
    CognitoIdpUser.update_attributes = update_attributes
    CognitoIdpUser.delete_attributes = delete_attributes
    CognitoIdpBackend.list_users = list_users
    CognitoIdpBackend.list_users_in_group = list_users_in_group
    CognitoIdpBackend._verify_email_is_not_used = verify_email_is_not_used


def user_type_json(user: dict[str, Any]) -> dict[str, Any]:
    """A user's UserType as moto's JSON serializer writes it (member order of the model, members
    without a value left out, timestamps as epoch seconds truncated to milliseconds)."""
    from botocore.utils import parse_to_aware_datetime
    from moto.core.serialize import TimestampSerializer

    out: dict[str, Any] = {}
    for member in ("Username", "Attributes", "UserCreateDate", "UserLastModifiedDate", "Enabled", "UserStatus", "MFAOptions"):
        value = user.get(member)
        if value is None:
            continue
        if member == "Attributes":
            value = [{k: a[k] for k in ("Name", "Value") if a.get(k) is not None} for a in value]
        elif member == "MFAOptions":
            value = [{k: o[k] for k in ("DeliveryMedium", "AttributeName") if o.get(k) is not None} for o in value]
        elif member in ("UserCreateDate", "UserLastModifiedDate"):
            value = TimestampSerializer._timestamp_unixtimestamp(parse_to_aware_datetime(value))
        out[member] = value
    return out


def patch_user_answers() -> None:
    """ListUsers, ListUsersInGroup and AdminCreateUser answered without moto's generic serializer
    (which walks the service model for each value: about 5 ms for a page of 60 users), with the
    body it writes."""
    from moto.cognitoidp.responses import CognitoIdpResponse

    moto_list_users = CognitoIdpResponse.list_users
    moto_list_users_in_group = CognitoIdpResponse.list_users_in_group
    moto_admin_create_user = CognitoIdpResponse.admin_create_user

    def answer(self: Any, body: dict[str, Any]) -> Any:
        headers = {"Content-Type": "application/x-amz-json-1.1", **self.response_headers}
        from moto import settings

        return 200, headers, json.dumps(body, indent=4 if settings.PRETTIFY_RESPONSES else None)

    def list_users(self: Any) -> Any:
        if not FAST_PATHS["on"]:
            return moto_list_users(self)
        attributes_to_get = self._get_param("AttributesToGet")
        users, token = self.backend.list_users(
            self._get_param("UserPoolId"), self._get_param("Filter"), limit=self._get_param("Limit"), pagination_token=self._get_param("PaginationToken")
        )
        body: dict[str, Any] = {"Users": [user_type_json(u.to_json(extended=True, attributes_to_get=attributes_to_get)) for u in users]}
        if token:
            body["PaginationToken"] = str(token)
        return answer(self, body)

    def list_users_in_group(self: Any) -> Any:
        if not FAST_PATHS["on"]:
            return moto_list_users_in_group(self)
        users, token = self.backend.list_users_in_group(
            self._get_param("UserPoolId"), self._get_param("GroupName"), limit=self._get_param("Limit"), next_token=self._get_param("NextToken")
        )
        body: dict[str, Any] = {"Users": [user_type_json(u.to_json(extended=True)) for u in users]}
        if token is not None:
            body["NextToken"] = token
        return answer(self, body)

    def admin_create_user(self: Any) -> Any:
        if not FAST_PATHS["on"]:
            return moto_admin_create_user(self)
        user = self.backend.admin_create_user(
            self._get_param("UserPoolId"),
            self._get_param("Username"),
            self._get_param("MessageAction"),
            self._get_param("TemporaryPassword"),
            self._get_param("UserAttributes", []),
        )
        return answer(self, {"User": user_type_json(user.to_json(extended=True))})

    CognitoIdpResponse.list_users = list_users
    CognitoIdpResponse.list_users_in_group = list_users_in_group
    CognitoIdpResponse.admin_create_user = admin_create_user


def other_users_with_email(pool: Any, user: Any, email: str) -> Iterable[Any]:
    """The pool's users other than this one whose email is this one (moto_ext's uniqueness check)."""
    users = pool.users
    if FAST_PATHS["on"] and isinstance(users, IndexedUsers):
        candidates = [users.get(key) for key in list(users.keys_with("email", email))]
    else:
        candidates = list(users.values())
    return [other for other in candidates if other is not None and other is not user and other.attribute_lookup.get("email", "") == email]


# --------------------------------------------------------------------------------------------
# cognito-idp: resource servers
# --------------------------------------------------------------------------------------------


def add_resource_server_operations() -> None:
    from moto.cognitoidp.responses import CognitoIdpResponse

    def find_resource_server(self: Any) -> tuple[Any, Any]:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        identifier = self._get_param("Identifier")
        server = pool.resource_servers.get(identifier)
        if server is None:
            raise not_found(f"Resource server {identifier} does not exist.")
        return pool, server

    def update_resource_server(self: Any) -> str:
        _, server = find_resource_server(self)
        name = self._get_param("Name")
        if not name:
            raise invalid_parameter("Name is required.")
        # Like UpdateUserPool, this replaces the whole definition: omitted scopes are removed.
        server.name = name
        server.scopes = self._get_param("Scopes") or []
        return json.dumps({"ResourceServer": server.to_json()})

    def delete_resource_server(self: Any) -> str:
        pool, server = find_resource_server(self)
        del pool.resource_servers[server.identifier]
        return EMPTY_RESULT

    CognitoIdpResponse.update_resource_server = update_resource_server
    CognitoIdpResponse.delete_resource_server = delete_resource_server


# --------------------------------------------------------------------------------------------
# cognito-idp: shared by the operations below
# --------------------------------------------------------------------------------------------


def epoch_now() -> float:
    """A date as these operations answer it: epoch seconds with milliseconds."""
    return round(time.time(), 3)


def new_uuid4() -> str:
    """A random (version 4) UUID, from moto's random source (POST /moto-api/seed makes it repeatable)."""
    from moto.moto_api._internal import mock_random as random

    return str(random.uuid4())


def required_param(self: Any, name: str) -> Any:
    """A request member the operation cannot do without, although the model marks it optional."""
    value = self._get_param(name)
    require_member(lower_first(name), value)
    return value


def decoded_blob(path: str, value: Any) -> bytes:
    """A blob member (base64 text in the JSON protocol), refused when it is not base64."""
    try:
        return base64.b64decode(value, validate=True)
    except (TypeError, ValueError):
        raise constraint_error(path, "***", "Member must be Base64-encoded binary data") from None


# --------------------------------------------------------------------------------------------
# cognito-idp: managed login branding styles (Create/Update/Delete/DescribeManagedLoginBranding,
# DescribeManagedLoginBrandingByClient)
# --------------------------------------------------------------------------------------------

ASSET_MEMBERS = ("Category", "ColorMode", "Extension", "Bytes", "ResourceId")
# The two favicon categories name their file type. The API reference (AssetType) and the branding
# editor guide give no other rule tying a category to an extension, so no other one is applied.
EXTENSION_OF_CATEGORY = {"FAVICON_ICO": "ICO", "FAVICON_SVG": "SVG"}


def branding_settings(value: Any) -> dict[str, Any]:
    """Settings: "A JSON file, encoded as a Document type" (CreateManagedLoginBranding). Read here as
    a JSON object, which is stored and answered as it was sent."""
    if not isinstance(value, dict):
        raise invalid_parameter("Settings must be a JSON object.")
    return value


def branding_asset(path: str, value: Any) -> dict[str, Any]:
    """One AssetType; the request-shape check has already applied the model's required and enums."""
    asset = require_structure(path, value)
    category, extension = asset.get("Category"), asset.get("Extension")
    wanted = EXTENSION_OF_CATEGORY.get(category)
    if wanted is not None and extension != wanted:
        raise invalid_parameter(f"An asset of category {category} must have Extension {wanted}, not {extension}.")
    if asset.get("Bytes") is not None:
        decoded_blob(f"{path}.bytes", asset["Bytes"])
    # Bytes stay the base64 text that was sent, so they are answered exactly as sent.
    return {k: asset[k] for k in ASSET_MEMBERS if asset.get(k) is not None}


def branding_assets(value: Any) -> list[dict[str, Any]]:
    """Assets: "Each object must also indicate whether it is for dark mode, light mode, or
    browser-adaptive mode" (CreateManagedLoginBranding) -- one image per category and display mode."""
    if not isinstance(value, list):
        raise constraint_error("assets", value, "Member must be a list")
    assets = [branding_asset(f"assets.{i}.member", item) for i, item in enumerate(value, start=1)]
    seen: set[tuple[Any, Any]] = set()
    for asset in assets:
        pair = (asset["Category"], asset["ColorMode"])
        if pair in seen:
            raise invalid_parameter(f"Assets has more than one asset of Category {pair[0]} and ColorMode {pair[1]}.")
        seen.add(pair)
    return assets


def branding_request(self: Any) -> tuple[bool | None, dict[str, Any] | None, list[dict[str, Any]] | None]:
    """UseCognitoProvidedValues, Settings and Assets of a Create or Update request, validated."""
    use_defaults = self._get_param("UseCognitoProvidedValues")
    settings, assets = self._get_param("Settings"), self._get_param("Assets")
    # "When you specify true for this option, you must also omit values for Settings and Assets in
    # the request." (CreateManagedLoginBranding, UpdateManagedLoginBranding)
    if use_defaults is True and (settings is not None or assets is not None):
        raise invalid_parameter("When UseCognitoProvidedValues is true, the request must not include Settings or Assets.")
    return (
        use_defaults if isinstance(use_defaults, bool) else None,
        branding_settings(settings) if settings is not None else None,
        branding_assets(assets) if assets is not None else None,
    )


def branding_answer(pool: Any, branding: dict[str, Any]) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "ManagedLoginBrandingId": branding["ManagedLoginBrandingId"],
        "UserPoolId": pool.id,
        "UseCognitoProvidedValues": branding["UseCognitoProvidedValues"],
    }
    if branding["Settings"] is not None:
        answer["Settings"] = branding["Settings"]
    answer["Assets"] = [dict(asset) for asset in branding["Assets"]]
    answer["CreationDate"] = branding["CreationDate"]
    answer["LastModifiedDate"] = branding["LastModifiedDate"]
    return {"ManagedLoginBranding": answer}


def client_with_branding(pool: Any, branding_id: Any) -> Any:
    """The app client whose style has this id (a style lives on its client, one per client)."""
    for client in pool.clients.values():
        branding = getattr(client, "managed_login_branding", None)
        if branding is not None and branding["ManagedLoginBrandingId"] == branding_id:
            return client
    raise not_found(f"Managed login branding style {branding_id} does not exist in user pool {pool.id}.")


def add_managed_login_branding_operations() -> None:
    from moto.cognitoidp.responses import CognitoIdpResponse

    # A style is kept on its app client (managed_login_branding, None when it has none): "Each style
    # is linked to an app client until you delete it." (CreateManagedLoginBranding, ClientId). So
    # DeleteUserPoolClient and DeleteUserPool delete it too.

    def create_managed_login_branding(self: Any) -> str:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        client = pool_client(pool, self._get_param("ClientId"))
        use_defaults, settings, assets = branding_request(self)
        # ManagedLoginBrandingExistsException: "thrown when you attempt to apply a managed login
        # branding style to an app client that already has an assigned style."
        if getattr(client, "managed_login_branding", None) is not None:
            raise aws_error(
                "ManagedLoginBrandingExistsException", f"App client {client.id} already has a managed login branding style."
            )
        now = epoch_now()
        client.managed_login_branding = {
            "ManagedLoginBrandingId": new_uuid4(),
            "UseCognitoProvidedValues": bool(use_defaults),
            "Settings": settings,
            "Assets": assets or [],
            "CreationDate": now,
            "LastModifiedDate": now,
        }
        return json.dumps(branding_answer(pool, client.managed_login_branding))

    def update_managed_login_branding(self: Any) -> str:
        # The model marks both optional; without them there is no style to update.
        pool = self.backend.describe_user_pool(required_param(self, "UserPoolId"))
        client = client_with_branding(pool, required_param(self, "ManagedLoginBrandingId"))
        use_defaults, settings, assets = branding_request(self)
        branding = client.managed_login_branding
        if use_defaults is True:
            # "This option reverts to default style options that are managed by Amazon Cognito."
            branding.update(UseCognitoProvidedValues=True, Settings=None, Assets=[])
        else:
            # "Amazon Cognito doesn't require that you pass all parameters in one request and
            # preserves existing style settings that you don't specify." (UpdateManagedLoginBranding):
            # a member left out keeps its value. A member that is sent replaces the stored one whole
            # (Settings as one document, Assets as one list) -- our reading; the reference does not
            # say whether Cognito merges a sent Settings document or Assets list into the stored one.
            if settings is not None:
                branding["Settings"] = settings
            if assets is not None:
                branding["Assets"] = assets
            if use_defaults is False or settings is not None or assets is not None:
                branding["UseCognitoProvidedValues"] = False
        branding["LastModifiedDate"] = epoch_now()
        return json.dumps(branding_answer(pool, branding))

    def delete_managed_login_branding(self: Any) -> str:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        client = client_with_branding(pool, self._get_param("ManagedLoginBrandingId"))
        client.managed_login_branding = None
        return EMPTY_RESULT

    # ReturnMergedResources: "When true, returns values for branding options that are unchanged from
    # Amazon Cognito defaults. When false or when you omit this parameter, returns only values that
    # you customized in your branding style." The emulator does not know Cognito's default style, so
    # both answer what the style was given.

    def describe_managed_login_branding(self: Any) -> str:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        client = client_with_branding(pool, self._get_param("ManagedLoginBrandingId"))
        return json.dumps(branding_answer(pool, client.managed_login_branding))

    def describe_managed_login_branding_by_client(self: Any) -> str:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        client = pool_client(pool, self._get_param("ClientId"))
        branding = getattr(client, "managed_login_branding", None)
        if branding is None:
            raise not_found(f"App client {client.id} has no managed login branding style.")
        return json.dumps(branding_answer(pool, branding))

    CognitoIdpResponse.create_managed_login_branding = create_managed_login_branding
    CognitoIdpResponse.update_managed_login_branding = update_managed_login_branding
    CognitoIdpResponse.delete_managed_login_branding = delete_managed_login_branding
    CognitoIdpResponse.describe_managed_login_branding = describe_managed_login_branding
    CognitoIdpResponse.describe_managed_login_branding_by_client = describe_managed_login_branding_by_client


# --------------------------------------------------------------------------------------------
# cognito-idp: hosted UI (classic) customization (Set/GetUICustomization)
# --------------------------------------------------------------------------------------------

ALL_CLIENTS = "ALL"
UI_ASSETS_PATH = "/_ui-assets/"
# The emulator's own address (set when the server starts), where ImageUrl points.
SERVER_URL: dict[str, str] = {"url": ""}
_LAST_UI_VERSION = [0]


def next_ui_version() -> str:
    """A version like Cognito's CSSVersion: the UTC time of the change, to the millisecond
    (YYYYMMDDHHMMSSmmm), made to increase strictly so two changes never share one."""
    now = time.time()
    stamp = int(time.strftime("%Y%m%d%H%M%S", time.gmtime(now))) * 1000 + int(now * 1000) % 1000
    _LAST_UI_VERSION[0] = max(stamp, _LAST_UI_VERSION[0] + 1)
    return str(_LAST_UI_VERSION[0])


def image_type(image: bytes) -> tuple[str, str]:
    """(file name, Content-Type) of a logo image, by its first bytes."""
    if image.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image.png", "image/png"
    if image.startswith(b"\xff\xd8\xff"):
        return "image.jpg", "image/jpeg"
    return "image", "application/octet-stream"


def pool_has_domain(backend: Any, pool: Any) -> bool:
    return any(domain.user_pool_id == pool.id for domain in backend.user_pool_domains.values())


def ui_target(pool: Any, client_id: Any) -> tuple[str, Any]:
    """(ClientId as answered, the object holding the customization): "Set the default configuration
    for all clients with a ClientId of ALL" (SetUICustomization); without ClientId, the same."""
    if client_id is None or client_id == ALL_CLIENTS:
        return ALL_CLIENTS, pool
    return client_id, pool_client(pool, client_id)


def ui_customization_answer(pool: Any, key: str, custom: dict[str, Any] | None) -> dict[str, Any]:
    if custom is None:
        return {"UICustomization": {}}
    answer: dict[str, Any] = {"UserPoolId": pool.id, "ClientId": key}
    if custom["Image"] is not None:
        name = image_type(custom["Image"])[0]
        answer["ImageUrl"] = f"{custom['BaseUrl']}{UI_ASSETS_PATH}{pool.id}/{key}/{custom['ImageVersion']}/{name}"
    if custom["CSS"] is not None:
        answer["CSS"], answer["CSSVersion"] = custom["CSS"], custom["CSSVersion"]
    answer["LastModifiedDate"], answer["CreationDate"] = custom["LastModifiedDate"], custom["CreationDate"]
    return {"UICustomization": answer}


def add_ui_customization_operations() -> None:
    from moto.cognitoidp.responses import CognitoIdpResponse

    # The pool's default ("ALL") customization is kept on the pool object, an app client's on the
    # client object (ui_customization, None when there is none), so deleting either deletes it.

    def set_ui_customization(self: Any) -> str:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        key, target = ui_target(pool, self._get_param("ClientId"))
        # "Your user pool must have a domain." (SetUICustomization); "To customize your UI, you must
        # set up a domain for your user pool." (Customizing hosted UI (classic) branding,
        # https://docs.aws.amazon.com/cognito/latest/developerguide/hosted-ui-classic-branding.html).
        # The error is not named there: InvalidParameterException is our choice.
        if not pool_has_domain(self.backend, pool):
            raise invalid_parameter("There has to be an existing domain associated with this user pool.")
        css = self._get_param("CSS") or None
        image = decoded_blob("imageFile", self._get_param("ImageFile")) if self._get_param("ImageFile") else None
        # "You can't set CSS and logo customization separately." (hosted-ui-classic-branding): each
        # request is the whole customization, so what it leaves out is removed. A request with
        # neither removes the customization, and a client then falls back to the pool's -- our
        # reading (older wording of the reference said a client customized once "will no longer
        # return to the ALL configuration"; the current GetUICustomization reference answers the
        # pool's settings "if no app client branding is applied").
        if css is None and image is None:
            target.ui_customization = None
            return json.dumps({"UICustomization": {"UserPoolId": pool.id, "ClientId": key}})
        previous = getattr(target, "ui_customization", None)
        now = epoch_now()
        target.ui_customization = {
            "CSS": css,
            # CSSVersion: "The CSS version number." A new version for every request that sets CSS.
            "CSSVersion": next_ui_version() if css is not None else None,
            # ImageUrl: "A URL path to the hosted logo image". Served by the emulator itself; the
            # version in the path changes with every request that sets an image.
            "Image": image,
            "ImageVersion": next_ui_version() if image is not None else None,
            "BaseUrl": SERVER_URL["url"] or f"http://{self.headers.get('Host', '127.0.0.1')}",
            "CreationDate": previous["CreationDate"] if previous else now,
            "LastModifiedDate": now,
        }
        return json.dumps(ui_customization_answer(pool, key, target.ui_customization))

    def get_ui_customization(self: Any) -> str:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        key, target = ui_target(pool, self._get_param("ClientId"))
        # "Returns user-pool level branding information if no app client branding is applied, or if
        # you don't specify an app client ID. Returns an empty object if you haven't applied hosted
        # UI branding to either the client or the user pool." (GetUICustomization)
        own = getattr(target, "ui_customization", None)
        if own is not None:
            return json.dumps(ui_customization_answer(pool, key, own))
        return json.dumps(ui_customization_answer(pool, ALL_CLIENTS, getattr(pool, "ui_customization", None)))

    CognitoIdpResponse.set_ui_customization = set_ui_customization
    CognitoIdpResponse.get_ui_customization = get_ui_customization


def find_pool(pool_id: str) -> Any:
    for backend in all_cognito_backends():
        pool = backend.user_pools.get(pool_id)
        if pool is not None:
            return pool
    return None


def stored_ui_image(path: str) -> tuple[bytes, str] | None:
    """The logo of /_ui-assets/POOL/CLIENT-OR-ALL/VERSION/NAME, while it is the current one."""
    parts = path[len(UI_ASSETS_PATH) :].split("/")
    if len(parts) != 4:
        return None
    pool_id, key, version, name = parts
    pool = find_pool(pool_id)
    holder = pool if key == ALL_CLIENTS else (pool.clients.get(key) if pool is not None else None)
    custom = getattr(holder, "ui_customization", None)
    if custom is None or custom["Image"] is None or custom["ImageVersion"] != version:
        return None
    file_name, content_type = image_type(custom["Image"])
    return (custom["Image"], content_type) if name == file_name else None


def ui_asset_endpoint(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """GET the logo image of a UI customization at its ImageUrl."""
    with SERIALISE:
        found = stored_ui_image(environ.get("PATH_INFO", ""))
    if found is None:
        return json_response(start_response, "404 Not Found", {"message": "No such image"})
    body, content_type = found
    start_response("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [body]


# --------------------------------------------------------------------------------------------
# cognito-idp: terms documents (Create/Update/Delete/DescribeTerms, ListTerms)
# --------------------------------------------------------------------------------------------

TERMS_PAGE_MAX = 60  # ListTerms MaxResults: 1 to 60 (the model); without it, a full page
_TERMS_SEQUENCE = [0]


def terms_answer(pool: Any, terms: dict[str, Any]) -> dict[str, Any]:
    members = ("TermsId", "ClientId", "TermsName", "TermsSource", "Enforcement", "Links", "CreationDate", "LastModifiedDate")
    answer = {k: terms[k] for k in members}
    return {"Terms": {"TermsId": terms["TermsId"], "UserPoolId": pool.id, **answer}}


def terms_summary(terms: dict[str, Any]) -> dict[str, Any]:
    """TermsDescriptionType, as ListTerms answers each document."""
    return {k: terms[k] for k in ("TermsId", "TermsName", "Enforcement", "CreationDate", "LastModifiedDate")}


def terms_links(value: Any) -> dict[str, str]:
    # TermsType (every answer) requires Links with at least one entry, so a document cannot be made
    # without one, although CreateTerms marks the member optional. The reference does not require
    # "cognito:default" among them ("A selection of cognito:default displays for all languages that
    # don't have a language-specific URL"), so it is not required here.
    if value is None:
        raise invalid_parameter("Links is required: give at least one URL, for example for cognito:default.")
    if not isinstance(value, dict):
        raise constraint_error("links", value, "Member must be a map")
    return dict(value)


def all_terms(pool: Any) -> list[tuple[Any, dict[str, Any]]]:
    """(client, document) for each terms document of the pool, oldest first."""
    found = [(client, terms) for client in pool.clients.values() for terms in getattr(client, "terms", {}).values()]
    return sorted(found, key=lambda pair: pair[1]["Sequence"])


def find_terms(pool: Any, terms_id: Any) -> tuple[Any, dict[str, Any]]:
    for client, terms in all_terms(pool):
        if terms["TermsId"] == terms_id:
            return client, terms
    raise not_found(f"Terms {terms_id} do not exist in user pool {pool.id}.")


def require_unique_terms_name(client: Any, name: str, terms_id: str | None = None) -> None:
    # TermsExistsException: "Terms document names must be unique to the app client. This exception is
    # thrown when you attempt to create terms documents with a duplicate TermsName."
    for other in getattr(client, "terms", {}).values():
        if other["TermsName"] == name and other["TermsId"] != terms_id:
            raise aws_error("TermsExistsException", f"App client {client.id} already has terms named {name}.")


def terms_page_start(pool: Any, token: Any) -> int:
    """The first sequence number a ListTerms page holds: after the one its NextToken names."""
    if token is None:
        return 0
    try:
        return int(base64.urlsafe_b64decode(str(token).encode()).decode().removeprefix(f"{pool.id}/")) + 1
    except (ValueError, UnicodeDecodeError):
        raise invalid_parameter("Invalid NextToken.") from None


def add_terms_operations() -> None:
    from moto.cognitoidp.responses import CognitoIdpResponse

    # Terms documents are kept on their app client (terms, by TermsId), so DeleteUserPoolClient and
    # DeleteUserPool delete them too.

    def create_terms(self: Any) -> str:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        # ClientId: "Must be an app client in the requested user pool." (CreateTerms)
        client = pool_client(pool, self._get_param("ClientId"))
        links = terms_links(self._get_param("Links"))
        name = self._get_param("TermsName")
        require_unique_terms_name(client, name)
        now = epoch_now()
        _TERMS_SEQUENCE[0] += 1
        terms = {
            "TermsId": new_uuid4(),
            "ClientId": client.id,
            "TermsName": name,
            "TermsSource": self._get_param("TermsSource"),
            "Enforcement": self._get_param("Enforcement"),
            "Links": links,
            "CreationDate": now,
            "LastModifiedDate": now,
            "Sequence": _TERMS_SEQUENCE[0],
        }
        if not hasattr(client, "terms"):
            client.terms = {}
        client.terms[terms["TermsId"]] = terms
        return json.dumps(terms_answer(pool, terms))

    def update_terms(self: Any) -> str:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        client, terms = find_terms(pool, self._get_param("TermsId"))
        # The reference does not say what an UpdateTerms member left out does; it keeps its value here.
        changes = {k: self._get_param(k) for k in ("TermsName", "TermsSource", "Enforcement", "Links")}
        if changes["Links"] is not None:
            changes["Links"] = terms_links(changes["Links"])
        if changes["TermsName"] is not None:
            require_unique_terms_name(client, changes["TermsName"], terms["TermsId"])
        terms.update({k: v for k, v in changes.items() if v is not None})
        terms["LastModifiedDate"] = epoch_now()
        return json.dumps(terms_answer(pool, terms))

    def delete_terms(self: Any) -> str:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        client, terms = find_terms(pool, self._get_param("TermsId"))
        del client.terms[terms["TermsId"]]
        return EMPTY_RESULT

    def describe_terms(self: Any) -> str:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        return json.dumps(terms_answer(pool, find_terms(pool, self._get_param("TermsId"))[1]))

    def list_terms(self: Any) -> str:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        size = self._get_param("MaxResults") or TERMS_PAGE_MAX
        start = terms_page_start(pool, self._get_param("NextToken"))
        remaining = [terms for _, terms in all_terms(pool) if terms["Sequence"] >= start]
        page = remaining[:size]
        answer: dict[str, Any] = {"Terms": [terms_summary(terms) for terms in page]}
        if len(remaining) > size:
            answer["NextToken"] = base64.urlsafe_b64encode(f"{pool.id}/{page[-1]['Sequence']}".encode()).decode()
        return json.dumps(answer)

    CognitoIdpResponse.create_terms = create_terms
    CognitoIdpResponse.update_terms = update_terms
    CognitoIdpResponse.delete_terms = delete_terms
    CognitoIdpResponse.describe_terms = describe_terms
    CognitoIdpResponse.list_terms = list_terms


# --------------------------------------------------------------------------------------------
# cognito-idp: log export (Set/GetLogDeliveryConfiguration)
# --------------------------------------------------------------------------------------------

# Destination member -> the ARN member it carries.
LOG_DESTINATIONS = {
    "CloudWatchLogsConfiguration": "LogGroupArn",
    "S3Configuration": "BucketArn",
    "FirehoseConfiguration": "StreamArn",
}
# LogConfigurationType.LogLevel: "To send userNotification activity with information about message
# delivery, choose ERROR with CloudWatchLogsConfiguration. To send userAuthEvents activity with user
# logs from threat protection with the Plus feature plan, choose INFO with one of
# CloudWatchLogsConfiguration, FirehoseConfiguration, or S3Configuration."
# (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_LogConfigurationType.html)
LOG_RULES = {
    "userNotification": ("ERROR", ("CloudWatchLogsConfiguration",)),
    "userAuthEvents": ("INFO", tuple(LOG_DESTINATIONS)),
}
USER_ACTIVITY_LOGS = "User activity log export (userAuthEvents)"


def log_configuration(path: str, value: Any) -> dict[str, Any]:
    """One LogConfigurationType, checked against the rules of its EventSource."""
    config = require_structure(path, value)
    source, level = config.get("EventSource"), config.get("LogLevel")
    destinations = [member for member in LOG_DESTINATIONS if config.get(member) is not None]
    # Each configuration sends one kind of log to one place: the reference lists "one of"
    # CloudWatchLogsConfiguration, FirehoseConfiguration, or S3Configuration.
    if len(destinations) != 1:
        raise invalid_parameter(
            f"Log configuration {source} must name exactly one destination: CloudWatchLogsConfiguration, "
            "S3Configuration or FirehoseConfiguration."
        )
    destination = destinations[0]
    arn_member = LOG_DESTINATIONS[destination]
    arn = require_structure(f"{path}.{lower_first(destination)}", config[destination]).get(arn_member)
    # The ARN members are optional in the model; a destination without one names nowhere to send to.
    require_member(f"{path}.{lower_first(destination)}.{lower_first(arn_member)}", arn)
    wanted_level, allowed = LOG_RULES[source]
    if level != wanted_level:
        raise invalid_parameter(f"Log configuration {source} must have LogLevel {wanted_level}.")
    if destination not in allowed:
        raise invalid_parameter(f"Log configuration {source} can only be sent to CloudWatchLogsConfiguration.")
    return {"LogLevel": level, "EventSource": source, destination: {arn_member: arn}}


def log_configurations(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise constraint_error("logConfigurations", value, "Member must be a list")
    configs = [log_configuration(f"logConfigurations.{i}.member", item) for i, item in enumerate(value, start=1)]
    sources = [config["EventSource"] for config in configs]
    # Two configurations at most, one of each kind: "When you want to stream logs of SMS and email
    # notification errors, your user pool sends ERROR-level logs to a CloudWatch log group. When you
    # want to stream logs of user sign-in activity, your user pool sends INFO-level logs to a log
    # group, a Amazon Data Firehose stream, or an Amazon S3 bucket. You can combine both options in a
    # user pool." (Exporting logs from Amazon Cognito user pools,
    # https://docs.aws.amazon.com/cognito/latest/developerguide/exporting-quotas-and-usage.html)
    if len(set(sources)) != len(sources):
        raise invalid_parameter("LogConfigurations has more than one configuration for the same EventSource.")
    return configs


def add_log_delivery_operations() -> None:
    from moto.cognitoidp.responses import CognitoIdpResponse

    # Kept on the pool object (log_configurations), so DeleteUserPool deletes it.

    def set_log_delivery_configuration(self: Any) -> str:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        configs = log_configurations(self._get_param("LogConfigurations"))
        # EventSource userAuthEvents: "To send info-level logs about threat-protection user activity
        # in user pools with the Plus feature plan, set to userAuthEvents"; S3Configuration and
        # FirehoseConfiguration: "To activate this setting, your user pool must be on the Plus tier."
        # (LogConfigurationType). userNotification logs are in every plan.
        if any(config["EventSource"] == "userAuthEvents" for config in configs):
            require_tier(pool_tier(pool), [(USER_ACTIVITY_LOGS, "PLUS")])
        # The request's list is the whole configuration: what it leaves out is no longer exported.
        pool.log_configurations = configs
        return json.dumps({"LogDeliveryConfiguration": {"UserPoolId": pool.id, "LogConfigurations": configs}})

    def get_log_delivery_configuration(self: Any) -> str:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        # A pool never configured answers an empty list (the reference does not say; our choice).
        configs = getattr(pool, "log_configurations", None) or []
        return json.dumps({"LogDeliveryConfiguration": {"UserPoolId": pool.id, "LogConfigurations": configs}})

    CognitoIdpResponse.set_log_delivery_configuration = set_log_delivery_configuration
    CognitoIdpResponse.get_log_delivery_configuration = get_log_delivery_configuration


# --------------------------------------------------------------------------------------------
# cognito-idp: client secrets (Add/List/DeleteUserPoolClientSecret; ClientSecret on
# CreateUserPoolClient)
# --------------------------------------------------------------------------------------------

# "Supports up to 2 active secrets per app client for zero-downtime credential rotation workflows."
# (AddUserPoolClientSecret)
MAX_CLIENT_SECRETS = 2
SECRET_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
GENERATED_SECRET_LENGTH = 52


def generated_secret() -> str:
    import secrets as randomness

    return "".join(randomness.choice(SECRET_ALPHABET) for _ in range(GENERATED_SECRET_LENGTH))


def secret_record(client: Any, value: str, created: float) -> dict[str, Any]:
    # ClientSecretId: "This identifier follows the format <client-id>--<epoch-create-time>." The
    # unit is not given; milliseconds here, so two secrets made within one second differ.
    millis = int(round(created * 1000))
    return {"ClientSecretId": f"{client.id}--{millis}", "Value": value, "ClientSecretCreateDate": millis / 1000}


def client_secrets(client: Any) -> list[dict[str, Any]]:
    """The client's secrets, oldest first; [] for a client without a secret (a public client)."""
    if not hasattr(client, "client_secrets"):
        client.client_secrets = [secret_record(client, client.secret, client.creation_date)] if client.generate_secret else []
    return client.client_secrets


def secret_descriptor(record: dict[str, Any], with_value: bool = False) -> dict[str, Any]:
    described = {"ClientSecretId": record["ClientSecretId"], "ClientSecretCreateDate": record["ClientSecretCreateDate"]}
    return {**described, "ClientSecretValue": record["Value"]} if with_value else described


def set_newest_secret(client: Any) -> None:
    # DescribeUserPoolClient's ClientSecret (moto's client.secret, which moto's sign-in flows also
    # check SECRET_HASH against) is the newest secret. The reference does not say which of two
    # secrets DescribeUserPoolClient returns; this is our reading.
    client.secret = client.client_secrets[-1]["Value"]


def add_client_secret_operations() -> None:
    from moto.cognitoidp.models import CognitoIdpBackend
    from moto.cognitoidp.responses import CognitoIdpResponse

    moto_create_client = CognitoIdpBackend.create_user_pool_client

    def create_user_pool_client(self: Any, user_pool_id: str, generate_secret: bool, extended_config: dict[str, Any]) -> Any:
        # CreateUserPoolClient ClientSecret: "A custom client secret that you want to use for the app
        # client. You cannot specify both GenerateSecret as true and provide a ClientSecret value."
        custom = extended_config.pop("ClientSecret", None)
        if custom is not None and generate_secret:
            raise invalid_parameter("You cannot specify both GenerateSecret as true and provide a ClientSecret value.")
        client = moto_create_client(self, user_pool_id, bool(generate_secret) or custom is not None, extended_config)
        # A secret Cognito makes is letters and digits (ClientSecretType: [\w+]+, 24 to 64), not
        # moto's UUID.
        client.secret = custom if custom is not None else generated_secret()
        client_secrets(client)
        return client

    def add_user_pool_client_secret(self: Any) -> str:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        client = pool_client(pool, self._get_param("ClientId"))
        secrets = client_secrets(client)
        # "Creates a new client secret for an existing confidential user pool app client."
        if not secrets:
            raise invalid_parameter(f"App client {client.id} has no client secret: only a confidential app client can have more.")
        if len(secrets) >= MAX_CLIENT_SECRETS:
            raise aws_error("LimitExceededException", f"App client {client.id} already has {MAX_CLIENT_SECRETS} client secrets.")
        # ClientSecret: "If you don't provide this parameter, Amazon Cognito generates a secure secret
        # for you." The value is answered "only if Amazon Cognito generated the secret".
        given = self._get_param("ClientSecret")
        created = max(epoch_now(), secrets[-1]["ClientSecretCreateDate"] + 0.001)
        record = secret_record(client, given if given is not None else generated_secret(), created)
        secrets.append(record)
        set_newest_secret(client)
        return json.dumps({"ClientSecretDescriptor": secret_descriptor(record, with_value=given is None)})

    def list_user_pool_client_secrets(self: Any) -> str:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        client = pool_client(pool, self._get_param("ClientId"))
        # "The response does not include pagination tokens as there are only 2 secrets at any given
        # time" and "the response never reveals the actual secret value" (ListUserPoolClientSecrets).
        return json.dumps({"ClientSecrets": [secret_descriptor(record) for record in client_secrets(client)]})

    def delete_user_pool_client_secret(self: Any) -> str:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        client = pool_client(pool, self._get_param("ClientId"))
        secrets = client_secrets(client)
        secret_id = self._get_param("ClientSecretId")
        record = next((r for r in secrets if r["ClientSecretId"] == secret_id), None)
        if record is None:
            raise not_found(f"Client secret {secret_id} does not exist for app client {client.id}.")
        # "You cannot delete the last remaining secret for an app client." The error is not named;
        # InvalidParameterException is our choice.
        if len(secrets) == 1:
            raise invalid_parameter(f"Client secret {secret_id} is the last secret of app client {client.id} and cannot be deleted.")
        secrets.remove(record)
        set_newest_secret(client)
        return EMPTY_RESULT

    CognitoIdpBackend.create_user_pool_client = create_user_pool_client
    CognitoIdpResponse.add_user_pool_client_secret = add_user_pool_client_secret
    CognitoIdpResponse.list_user_pool_client_secrets = list_user_pool_client_secrets
    CognitoIdpResponse.delete_user_pool_client_secret = delete_user_pool_client_secret


# --------------------------------------------------------------------------------------------
# cognito-idp: managed login version of domains (Create/Update/DescribeUserPoolDomain)
# --------------------------------------------------------------------------------------------

LOGIN_VERSIONS = (1, 2)  # 1: hosted UI (classic), 2: managed login
DEFAULT_LOGIN_VERSION = 1
MANAGED_LOGIN = "Managed login"


def login_version(value: Any) -> int:
    # ManagedLoginVersion: "A value of 1 indicates hosted UI (classic) and a version of 2 indicates
    # managed login." (CreateUserPoolDomain); any other value is refused.
    if isinstance(value, bool) or value not in LOGIN_VERSIONS:
        raise invalid_parameter(f"ManagedLoginVersion must be 1 (hosted UI (classic)) or 2 (managed login), not {value}.")
    return int(value)


def require_login_version_tier(pool: Any, version: int) -> None:
    # "Managed login requires that your user pool be configured for any feature plan other than
    # Lite." (CreateUserPoolDomain, ManagedLoginVersion)
    if version == 2:
        require_tier(pool_tier(pool), [(MANAGED_LOGIN, "ESSENTIALS")])


def add_domain_login_version() -> None:
    from moto.cognitoidp.responses import CognitoIdpResponse

    moto_create_domain = CognitoIdpResponse.create_user_pool_domain

    # Kept on moto's domain object (managed_login_version); domain_to_json (patch_user_pools) shows
    # it in DescribeUserPoolDomain.

    def create_user_pool_domain(self: Any) -> str:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        requested = self._get_param("ManagedLoginVersion")
        # Without ManagedLoginVersion a domain is version 1 (our reading: the reference names no default).
        version = login_version(requested) if requested is not None else DEFAULT_LOGIN_VERSION
        require_login_version_tier(pool, version)
        moto_create_domain(self)
        domain = self.backend.user_pool_domains[self._get_param("Domain")]
        domain.managed_login_version = version
        # CreateUserPoolDomain's answer: "ManagedLoginVersion: The version of managed login branding
        # applied your domain."
        return json.dumps({**domain.to_json(extended=False), "ManagedLoginVersion": version})

    def update_user_pool_domain(self: Any) -> str:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        name = self._get_param("Domain")
        domain = self.backend.user_pool_domains.get(name)
        if domain is None:
            raise not_found(f"Domain {name} does not exist.")
        requested = self._get_param("ManagedLoginVersion")
        version = login_version(requested) if requested is not None else None
        if version is not None:
            require_login_version_tier(pool, version)
            domain.managed_login_version = version
        # What the request leaves out stays as it is (the reference does not say; our reading):
        # moto would drop the certificate of a request without CustomDomainConfig.
        config = self._get_param("CustomDomainConfig")
        if config is not None:
            domain.custom_domain_config = config
        current = getattr(domain, "managed_login_version", DEFAULT_LOGIN_VERSION)
        return json.dumps({**domain.to_json(extended=False), "ManagedLoginVersion": current})

    CognitoIdpResponse.create_user_pool_domain = create_user_pool_domain
    CognitoIdpResponse.update_user_pool_domain = update_user_pool_domain


# --------------------------------------------------------------------------------------------
# cognito-identity: identity pool roles
# --------------------------------------------------------------------------------------------

ROLE_KEYS = ("authenticated", "unauthenticated")
MAPPING_TYPES = ("Token", "Rules")
AMBIGUOUS_RESOLUTIONS = ("AuthenticatedRole", "Deny")
MATCH_TYPES = ("Equals", "Contains", "StartsWith", "NotEqual")
MAX_RULES = 25


def validate_roles(roles: Any) -> dict[str, str]:
    if not isinstance(roles, dict):
        raise invalid_parameter("Roles is required.")
    for key in roles:
        if key not in ROLE_KEYS:
            raise invalid_parameter(f"Invalid role key '{key}': use 'authenticated' or 'unauthenticated'.")
    return roles


def validate_rule(provider: str, rule: Any) -> None:
    if not isinstance(rule, dict) or not all(rule.get(k) for k in ("Claim", "MatchType", "Value", "RoleARN")):
        raise invalid_parameter(f"Each rule for {provider} needs Claim, MatchType, Value and RoleARN.")
    if rule["MatchType"] not in MATCH_TYPES:
        raise invalid_parameter(f"Invalid MatchType '{rule['MatchType']}' for {provider}.")


def validate_role_mapping(provider: str, mapping: Any) -> None:
    if not isinstance(mapping, dict) or mapping.get("Type") not in MAPPING_TYPES:
        raise invalid_parameter(f"RoleMapping for {provider} needs Type Token or Rules.")
    if mapping.get("AmbiguousRoleResolution") not in AMBIGUOUS_RESOLUTIONS:
        raise invalid_parameter(
            f"RoleMapping for {provider} needs AmbiguousRoleResolution AuthenticatedRole or Deny."
        )
    if mapping["Type"] == "Rules":
        rules = (mapping.get("RulesConfiguration") or {}).get("Rules")
        if not isinstance(rules, list) or not 1 <= len(rules) <= MAX_RULES:
            raise invalid_parameter(
                f"RoleMapping for {provider} of Type Rules needs RulesConfiguration with 1 to {MAX_RULES} Rules."
            )
        for rule in rules:
            validate_rule(provider, rule)


def add_identity_pool_roles() -> None:
    from moto.cognitoidentity.responses import CognitoIdentityResponse

    def find_identity_pool(self: Any) -> Any:
        pool_id = self._get_param("IdentityPoolId")
        pool = self.backend.identity_pools.get(pool_id)
        if pool is None:
            raise not_found(f"IdentityPool '{pool_id}' not found.")
        return pool

    def set_identity_pool_roles(self: Any) -> str:
        pool = find_identity_pool(self)
        roles = validate_roles(self._get_param("Roles"))
        mappings = self._get_param("RoleMappings") or {}
        if not isinstance(mappings, dict):
            raise invalid_parameter("RoleMappings must be a map.")
        for provider, mapping in mappings.items():
            validate_role_mapping(provider, mapping)
        # A set, not a merge: mappings left out of the request are removed.
        pool.reconcile_roles = dict(roles)
        pool.reconcile_role_mappings = dict(mappings)
        return EMPTY_RESULT

    def get_identity_pool_roles(self: Any) -> str:
        pool = find_identity_pool(self)
        result: dict[str, Any] = {
            "IdentityPoolId": pool.identity_pool_id,
            "Roles": getattr(pool, "reconcile_roles", {}),
        }
        mappings = getattr(pool, "reconcile_role_mappings", {})
        # AWS leaves RoleMappings out of the answer for a pool that has none.
        if mappings:
            result["RoleMappings"] = mappings
        return json.dumps(result)

    CognitoIdentityResponse.set_identity_pool_roles = set_identity_pool_roles
    CognitoIdentityResponse.get_identity_pool_roles = get_identity_pool_roles


# --------------------------------------------------------------------------------------------
# cognito-identity: AllowClassicFlow
# --------------------------------------------------------------------------------------------


def add_identity_pool_classic_flow() -> None:
    from moto.cognitoidentity.models import CognitoIdentityPool
    from moto.cognitoidentity.responses import CognitoIdentityResponse

    moto_create = CognitoIdentityResponse.create_identity_pool
    moto_update = CognitoIdentityResponse.update_identity_pool
    moto_to_json = CognitoIdentityPool.to_json

    def with_classic_flow(self: Any, answer: str) -> str:
        # Both operations answer with the pool; set the flag on it and answer again. Like every
        # field of UpdateIdentityPool, a request without AllowClassicFlow sets it to false.
        pool = self.backend.identity_pools[json.loads(answer)["IdentityPoolId"]]
        pool.allow_classic_flow = bool(self._get_param("AllowClassicFlow"))
        return pool.to_json()

    def create_identity_pool(self: Any) -> str:
        return with_classic_flow(self, moto_create(self))

    def update_identity_pool(self: Any) -> str:
        return with_classic_flow(self, moto_update(self))

    def to_json(self: Any) -> str:
        data = json.loads(moto_to_json(self))
        data["AllowClassicFlow"] = getattr(self, "allow_classic_flow", False)
        return json.dumps(data)

    CognitoIdentityResponse.create_identity_pool = create_identity_pool
    CognitoIdentityResponse.update_identity_pool = update_identity_pool
    CognitoIdentityPool.to_json = to_json


# --------------------------------------------------------------------------------------------
# cognito-idp: the OAuth 2.0 token endpoint, client-credentials grant
# --------------------------------------------------------------------------------------------

TOKEN_PATH = "/oauth2/token"
TOKEN_OPERATION = "oauth2/token"
CLIENT_CREDENTIALS = "client_credentials"
# A pool's Cognito-prefix domain: PREFIX.auth.REGION.amazoncognito.com
COGNITO_DOMAIN = re.compile(r"^([a-z0-9-]+)\.auth\.([a-z0-9-]+)\.amazoncognito\.com$")
# AccessTokenValidity is in hours when TokenValidityUnits leaves the unit out; 60 minutes when unset.
UNIT_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
DEFAULT_ACCESS_TOKEN_SECONDS = 3600


class TokenError(Exception):
    """An OAuth error answer: HTTP 400 with {"error": ...} (RFC 6749 section 5.2)."""

    def __init__(self, error: str, description: str | None = None) -> None:
        super().__init__(error)
        self.error = error
        self.description = description


def all_cognito_backends() -> Iterable[Any]:
    from moto.cognitoidp.models import cognitoidp_backends

    for regions in list(cognitoidp_backends.values()):
        yield from list(regions.values())


def find_client(client_id: str) -> tuple[Any, Any] | None:
    """The pool and client of a client id, in any account and region (client ids are unique)."""
    for backend in all_cognito_backends():
        for pool in list(backend.user_pools.values()):
            client = pool.clients.get(client_id)
            if client is not None:
                return pool, client
    return None


def host_without_port(environ: dict[str, Any]) -> str:
    host = (environ.get("HTTP_HOST") or "").strip().lower()
    if host.startswith("["):  # [::1]:4566
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def pool_id_of_host(host: str) -> tuple[bool, str | None]:
    """(names a Cognito domain, the id of its pool or None when no pool has it).

    A PREFIX.auth.REGION.amazoncognito.com host is always a Cognito domain; any other host is one
    only when a pool has it as its custom domain. Anything else (the emulator's own address) names
    no domain, and the client's own pool is used.
    """
    match = COGNITO_DOMAIN.match(host)
    for backend in all_cognito_backends():
        if match and match.group(2) != backend.region_name:
            continue
        domain = backend.user_pool_domains.get(match.group(1) if match else host)
        if domain is not None and (match is None) == bool(domain.custom_domain_config.get("CertificateArn")):
            return True, domain.user_pool_id
    return match is not None, None


def token_form(environ: dict[str, Any]) -> dict[str, str]:
    content_type = environ.get("CONTENT_TYPE", "").split(";", 1)[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise TokenError("invalid_request", "Content-Type must be application/x-www-form-urlencoded")
    form = parse_qs(read_body(environ), keep_blank_values=True)
    # RFC 6749 3.2: parameters must not be included more than once.
    repeated = sorted(name for name, values in form.items() if len(values) > 1)
    if repeated:
        raise TokenError("invalid_request", f"repeated parameter: {', '.join(repeated)}")
    return {name: values[0] for name, values in form.items()}


def client_credentials_of(environ: dict[str, Any], form: dict[str, str]) -> tuple[str, str | None]:
    """The client id and secret, from HTTP Basic authentication or the form (client_secret_post)."""
    header = environ.get("HTTP_AUTHORIZATION", "")
    form_id, form_secret = form.get("client_id") or None, form.get("client_secret") or None
    if not header:
        if form_id is None:
            raise TokenError("invalid_client")
        return form_id, form_secret
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        raise TokenError("invalid_client")
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        raise TokenError("invalid_client") from None
    # Cognito's client ids and secrets hold only characters that RFC 6749's form-encoding of the
    # pair leaves alone, so the pair is taken as it is.
    client_id, colon, secret = decoded.partition(":")
    if not colon or not client_id:
        raise TokenError("invalid_client")
    # One authentication method per request (RFC 6749 2.3).
    if form_secret is not None:
        raise TokenError("invalid_request", "client authentication given both in the Authorization header and in the form")
    if form_id is not None and form_id != client_id:
        raise TokenError("invalid_client")
    return client_id, secret


def is_client_secret(client: Any, secret: str) -> bool:
    values = [record["Value"] for record in client_secrets(client)] or [client.secret]
    return any(hmac.compare_digest(secret.encode(), value.encode()) for value in values)


def granted_scopes(client: Any, requested: str | None) -> list[str]:
    """The requested scopes when the client allows each; without a request, its custom scopes."""
    allowed = list(client.extended_config.get("AllowedOAuthScopes") or [])
    if requested is None or not requested.strip():
        # The client-credentials grant issues resource-server scopes only (IDENTIFIER/SCOPE).
        scopes = [scope for scope in allowed if "/" in scope]
    else:
        scopes = list(dict.fromkeys(requested.split()))
        if any(scope not in allowed or "/" not in scope for scope in scopes):
            raise TokenError("invalid_scope")
    if not scopes:
        raise TokenError("invalid_scope")
    return scopes


def access_token_seconds(client: Any) -> int:
    config = client.extended_config
    validity = config.get("AccessTokenValidity")
    if validity is None:
        return DEFAULT_ACCESS_TOKEN_SECONDS
    unit = (config.get("TokenValidityUnits") or {}).get("AccessToken") or "hours"
    return int(validity) * UNIT_SECONDS.get(unit, 3600)


def issue_client_credentials_token(environ: dict[str, Any]) -> dict[str, Any]:
    """Answers a token request with the token response, or raises TokenError.

    Only grant_type=client_credentials is served: authorization_code and refresh_token (which
    Cognito also accepts) need the hosted sign-in pages moto lacks, so they answer
    unsupported_grant_type here.
    """
    from joserfc import jwt
    from moto.moto_api._internal import mock_random as random

    form = token_form(environ)
    grant_type = form.get("grant_type")
    if not grant_type:
        raise TokenError("invalid_request", "grant_type is required")
    if grant_type != CLIENT_CREDENTIALS:
        raise TokenError("unsupported_grant_type")

    client_id, secret = client_credentials_of(environ, form)
    found = find_client(client_id)
    if found is None:
        raise TokenError("invalid_client")
    pool, client = found
    # A client without a secret cannot use this grant; a wrong or missing secret is refused. Each of
    # a client's secrets (two while one is being rotated, AddUserPoolClientSecret) is accepted.
    if not client.generate_secret or secret is None or not is_client_secret(client, secret):
        raise TokenError("invalid_client")
    names_domain, host_pool_id = pool_id_of_host(host_without_port(environ))
    if names_domain and host_pool_id != pool.id:
        # The client belongs to another pool than the domain the request was sent to.
        raise TokenError("invalid_client")

    config = client.extended_config
    if not config.get("AllowedOAuthFlowsUserPoolClient") or CLIENT_CREDENTIALS not in (config.get("AllowedOAuthFlows") or []):
        raise TokenError("unauthorized_client")
    scopes = granted_scopes(client, form.get("scope"))

    expires_in = access_token_seconds(client)
    now = int(time.time())
    claims = {
        "sub": client.id,
        "token_use": "access",
        "scope": " ".join(scopes),
        "auth_time": now,
        "iss": f"https://cognito-idp.{pool.region}.amazonaws.com/{pool.id}",
        "exp": now + expires_in,
        "iat": now,
        "version": 2,
        "jti": str(random.uuid4()),
        "client_id": client.id,
    }
    # The key of moto's own tokens (create_jwt), whose public half the JWKS serves; the header as
    # Cognito writes it, without the "typ" joserfc would add.
    token = jwt.encode({"kid": "dummy", "alg": "RS256"}, claims, pool.json_web_key, default_type=None)
    return {"access_token": token, "expires_in": expires_in, "token_type": "Bearer"}


def token_endpoint(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    try:
        with SERIALISE:
            payload, status = issue_client_credentials_token(environ), "200 OK"
    except TokenError as err:
        payload = {"error": err.error, **({"error_description": err.description} if err.description else {})}
        status = "400 Bad Request"
    body = json.dumps(payload).encode("utf-8")
    # Token responses must not be cached (RFC 6749 5.1).
    start_response(
        status,
        [
            ("Content-Type", "application/json;charset=UTF-8"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
            ("Pragma", "no-cache"),
        ],
    )
    return [body]


# --------------------------------------------------------------------------------------------
# IAM enforcement, answered as AWS answers
# --------------------------------------------------------------------------------------------
#
# How moto decides (moto/core/authorization.py, moto/iam/access_control.py): every request that
# reaches a moto response class's call_action goes through ActionAuthenticatorMixin. While
# ActionAuthenticatorMixin.request_count (a class attribute) is below moto.settings'
# INITIAL_NO_AUTH_ACTION_COUNT, the request is let through and counted; from then on each request
# is checked and no longer counted: its SigV4 signature against the secret of the access key it
# names (an IAM user's access key, or an assumed role's temporary one; any other key, such as the
# "test" key the tests use, is refused), then the policies of that user (inline, attached, and its
# groups') or role, for the action "<signing service>:<Operation>" on the resource the response
# class names. moto reads INITIAL_NO_AUTH_ACTION_COUNT from the environment once, when moto.settings
# is imported (absent: infinity, never check), but both values are read on every request, so the
# launcher sets them directly: --enforce-iam N sets N; POST /_emulator/iam-enforcement {"on": true}
# sets 0 and {"on": false} infinity, each counting from zero again; POST /moto-api/reset puts the
# start setting back (it deletes the IAM users whose keys the checks need). Not counted: requests
# that never reach moto (the emulator's own endpoints, /moto-api, the token endpoint, requests
# refused by the request-shape check or answered as throttled).
#
# What moto gets wrong and this launcher changes:
#   * A refusal is moto's XML error (HTTP 403, <ErrorResponse><Errors><Error>...) whatever the
#     service's protocol. The AWS SDKs cannot read XML from a JSON-protocol service (the JS SDK v3
#     fails with "SyntaxError: Unexpected token '<' ... Deserialization error"), so a CLI could not
#     name the refused action. Refusals are answered in the request's protocol with AWS's codes and
#     wording (refusal).
#   * The resource: moto evaluates "*" for every Cognito operation, so a statement whose Resource
#     is a pool's ARN (or arn:aws:cognito-idp:REGION:ACCOUNT:userpool/*) allows nothing; for IAM it
#     evaluates a role's ARN only when the role exists, so a statement scoped to role ARNs cannot
#     allow CreateRole. The resource here is the request's own (request_resource).
#   * Matching: moto turns a statement's Action and Resource into regular expressions as written
#     ("." matches any character, "?" is a quantifier, other metacharacters act) and compares
#     actions case-sensitively. IAM knows the wildcards * and ? only, and action names are
#     case-insensitive (iam_pattern).
#   * Unsigned requests: operations AWS serves without credentials (the model's auth type "none":
#     InitiateAuth, SignUp, GetId, GetCredentialsForIdentity, AssumeRoleWithWebIdentity, ...; moto
#     knows 7 of them) pass unchecked; any other unsigned request is refused as AWS refuses it
#     (moto fails with HTTP 500).
#
# Not enforced, as moto does not evaluate them: Condition elements of identity policies (a statement
# applies as if its conditions held), NotResource (a statement with NotResource and no Resource
# applies to every resource), policy variables such as ${aws:username}, permissions boundaries,
# session policies, resource-based policies other than a role's trust policy for sts:AssumeRole,
# and actions an operation needs besides its own (e.g. iam:PassRole for SetIdentityPoolRoles).
# A trust policy's principals are compared with the caller's ARN as written ("*" aside): an account
# principal (arn:aws:iam::ACCOUNT:root) does not let that account's users assume the role.
# Credentials from cognito-identity GetCredentialsForIdentity are not known to moto's STS, so they
# are refused as unknown keys.

NO_CHECKS = float("inf")
# The unchecked-request count the emulator started with (--enforce-iam, else moto's
# INITIAL_NO_AUTH_ACTION_COUNT from the environment); a reset puts it back.
IAM_CHECKS: dict[str, float] = {"start": NO_CHECKS}


def set_unchecked_requests(count: float) -> None:
    """From now on, the next `count` requests pass unchecked and every one after is checked."""
    from moto import settings
    from moto.core.authorization import ActionAuthenticatorMixin

    settings.INITIAL_NO_AUTH_ACTION_COUNT = count
    ActionAuthenticatorMixin.request_count = 0


def iam_checks_apply() -> bool:
    from moto import settings
    from moto.core.authorization import ActionAuthenticatorMixin

    return ActionAuthenticatorMixin.request_count >= settings.INITIAL_NO_AUTH_ACTION_COUNT


def iam_enforcement_state() -> dict[str, Any]:
    """GET /_emulator/iam-enforcement: {"on": false}, or {"on": true, "uncheckedLeft": N}."""
    from moto import settings
    from moto.core.authorization import ActionAuthenticatorMixin

    limit = settings.INITIAL_NO_AUTH_ACTION_COUNT
    if limit == NO_CHECKS:
        return {"on": False}
    return {"on": True, "uncheckedLeft": max(0, int(limit) - ActionAuthenticatorMixin.request_count)}


def set_iam_enforcement(environ: dict[str, Any]) -> bool:
    on = (json_request(environ) or {}).get("on")
    if not isinstance(on, bool):
        return False
    with SERIALISE:
        set_unchecked_requests(0 if on else NO_CHECKS)
    return True


class AccessRefused(Exception):
    """The action on the resource is not allowed: no identity-based policy allows it ("implicit"), one
    denies it ("explicit"), or the role's trust policy does not let the caller assume it ("trust")."""

    def __init__(self, principal: str, action: str, resource: str, why: str) -> None:
        super().__init__(action)
        self.principal, self.action, self.resource, self.why = principal, action, resource, why

    def message(self) -> str:
        # The wording of IAM's access denied errors: "User <principal> is not authorized to perform
        # <action> on resource <resource> because no <type> policy allows the <action> action", or
        # "... with an explicit deny in a <type> policy" -- Troubleshoot access denied error
        # messages, https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html;
        # as AWS writes it, e.g. "User: arn:aws:iam::XXXXXXXXXXXX:user/cc/admin/guy is not authorized
        # to perform: cognito-idp:CreateUserPool on resource: * because no identity-based policy
        # allows the cognito-idp:CreateUserPool action" (AccessDeniedException, status code 400,
        # quoted in lgallard/terraform-aws-cognito-user-pool#116). AWS can add the ARN of a managed
        # policy that denies explicitly; moto does not say which policy did. A trust policy's
        # refusal of sts:AssumeRole reads without a reason ("User: ... is not authorized to perform:
        # sts:AssumeRole on resource: arn:aws:iam::...:role/...", service-cloud-voice/examples-from-doc#34,
        # aws-solutions/instance-scheduler-on-aws#558).
        refused = f"User: {self.principal} is not authorized to perform: {self.action} on resource: {self.resource}"
        if self.why == "explicit":
            return f"{refused} with an explicit deny in an identity-based policy"
        if self.why == "trust":
            return refused
        return f"{refused} because no identity-based policy allows the {self.action} action"


class CredentialsRefused(Exception):
    """The request names no credentials (missing), an unknown access key (key) or a wrong signature."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# Each refusal as a JSON-protocol service answers it (HTTP 400, {"__type", "message"}) and as a
# query-protocol one does (HTTP 403, <Code>). Wordings: UnrecognizedClientException as Cognito
# answers an unknown key (ArranJacques/laravel-aws-cognito-auth#25); SignatureDoesNotMatch and
# InvalidClientTokenId as moto and IAM word them; a missing token as AWS's JSON services word it
# (awslabs/aws-sdk-ios-samples#111).
INVALID_TOKEN = "The security token included in the request is invalid."
BAD_SIGNATURE = (
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
    "Access Key and signing method. Consult the service documentation for details."
)
MISSING_TOKEN = "Request is missing Authentication Token"
CREDENTIAL_ERRORS = {
    # reason: (JSON error type, query error code, message)
    "missing": ("MissingAuthenticationTokenException", "MissingAuthenticationToken", MISSING_TOKEN),
    "key": ("UnrecognizedClientException", "InvalidClientTokenId", INVALID_TOKEN),
    "signature": ("InvalidSignatureException", "SignatureDoesNotMatch", BAD_SIGNATURE),
}
# cognito-identity writes its AccessDeniedException's message as "Message" ({"__type":
# "AccessDeniedException","Message":"User: anonymous is not authorized to perform:
# cognito-identity:GetId on resource: * ..."}, aws-samples/resource-control-policy-examples#18);
# the AWS SDKs read either spelling.
DENIAL_MESSAGE_KEY = {"AWSCognitoIdentityService": "Message"}


def refusal(response: Any, refused: AccessRefused | CredentialsRefused) -> Exception:
    """The HTTP error moto's call_action answers with: its description is the body and its code
    the status, and the response's own headers (response_headers) go out with it, so the content
    type and error type are put there."""
    from request_shape import MODELS, query_error_body
    from werkzeug.exceptions import HTTPException

    target = response.headers.get("X-Amz-Target")
    if target:
        if isinstance(refused, AccessRefused):
            error_type, message = "AccessDeniedException", refused.message()
            key = DENIAL_MESSAGE_KEY.get(target.partition(".")[0], "message")
        else:
            error_type, _, message = CREDENTIAL_ERRORS[refused.reason]
            key = "message"
        content_type = response.headers.get("Content-Type") or ""
        if not content_type.startswith("application/x-amz-json-"):
            content_type = "application/x-amz-json-1.1"
        response.response_headers.update({"Content-Type": content_type, "x-amzn-ErrorType": error_type})
        status, body = 400, json.dumps({"__type": error_type, key: message})
    else:
        if isinstance(refused, AccessRefused):
            code, message = "AccessDenied", refused.message()
        else:
            _, code, message = CREDENTIAL_ERRORS[refused.reason]
        try:
            xmlns = MODELS.get(response.service_name).metadata.get("xmlNamespace")
        except Exception:  # a service botocore does not know: no namespace
            xmlns = None
        response.response_headers.update({"Content-Type": "text/xml"})
        # moto's answer puts its own request id into <RequestId> (_enrich_response).
        status, body = 403, query_error_body(code, message, xmlns, "").decode("utf-8")
    error = HTTPException(description=body)
    error.code = status
    return error


# X-Amz-Target prefix -> (service prefix in ARNs, the member naming the pool, ARN resource type)
POOL_RESOURCES = {
    "AWSCognitoIdentityProviderService": ("cognito-idp", "UserPoolId", "userpool"),
    "AWSCognitoIdentityService": ("cognito-identity", "IdentityPoolId", "identitypool"),
}


def request_resource(response: Any, moto_resource: str) -> str:
    """The resource AWS authorizes a request on, where moto names a coarser one.

    Cognito (Service Authorization Reference, "Actions, resources, and condition keys for Amazon
    Cognito User Pools" / "... Cognito Identity"): an operation on a pool is authorized on the pool
    (resource type userpool: arn:aws:cognito-idp:REGION:ACCOUNT:userpool/POOL_ID; identitypool:
    arn:aws:cognito-identity:REGION:ACCOUNT:identitypool/POOL_ID), tagging operations on their
    ResourceArn; operations on no pool (CreateUserPool, ListUserPools, CreateIdentityPool,
    ListIdentityPools, DescribeUserPoolDomain) on "*", which only a statement with Resource "*"
    matches. As AWS answers, e.g. "... cognito-idp:ListUsers on resource:
    arn:aws:cognito-idp:us-west-2:XXXXX:userpool/XXXXX" (aws/chalice#529) and "...
    cognito-idp:CreateUserPool on resource: *" (lgallard/terraform-aws-cognito-user-pool#116).
    IAM: see iam_resource. Other services: what moto names (STS AssumeRole: the role's ARN).
    """
    prefix = (response.headers.get("X-Amz-Target") or "").partition(".")[0]
    if prefix in POOL_RESOURCES:
        return pool_resource(response, *POOL_RESOURCES[prefix])
    if response.service_name == "iam":
        return iam_resource(response) or moto_resource
    return moto_resource


def pool_resource(response: Any, service: str, id_member: str, kind: str) -> str:
    try:
        request = json.loads(response.body or "{}")
    except (TypeError, ValueError):
        return "*"
    if not isinstance(request, dict):
        return "*"
    resource_arn = request.get("ResourceArn")
    if isinstance(resource_arn, str) and resource_arn:
        return resource_arn
    pool_id = request.get(id_member)
    if isinstance(pool_id, str) and pool_id:
        return f"arn:{response.partition}:{service}:{response.region}:{response.current_account}:{kind}/{pool_id}"
    return "*"


def iam_resource(response: Any) -> str | None:
    """IAM authorizes an operation on a role, user or managed policy on that entity's ARN, also when
    it does not exist yet (CreateRole, CreateUser, CreatePolicy: the ARN it will have, from the
    request's Path and name). An operation naming a role or user and a policy (AttachRolePolicy) is
    authorized on the role or user. None: moto's choice ("*")."""
    from moto.iam.exceptions import IAMException
    from moto.iam.models import iam_backends

    def param(name: str) -> str | None:
        values = response.querystring.get(name)
        return values[0] if values else None

    backend = iam_backends[response.current_account][response.partition]
    prefix = f"arn:{response.partition}:iam::{response.current_account}:"
    for kind, member, find in (("role", "RoleName", backend.get_role), ("user", "UserName", backend.get_user)):
        name = param(member)
        if name:
            try:
                return str(find(name).arn)
            except IAMException:
                return f"{prefix}{kind}{param('Path') or '/'}{name}"
    if param("Action") == "CreatePolicy" and param("PolicyName"):
        return f"{prefix}policy{param('Path') or '/'}{param('PolicyName')}"
    return param("PolicyArn")


@functools.lru_cache(maxsize=1024)
def iam_pattern(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    """A policy's Action or Resource value as IAM matches it: * any run of characters (also none),
    ? any one character, everything else literally."""
    body = "".join(".*" if char == "*" else "." if char == "?" else re.escape(char) for char in pattern)
    return re.compile(body, re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def public_operations() -> set[str]:
    """Operations AWS serves without credentials, by X-Amz-Target (JSON protocols) or
    "service:Action" (query protocols): the models' auth type "none", and moto's own list."""
    from moto.core.authorization import ActionAuthenticatorMixin
    from request_shape import MODELS

    public = set(ActionAuthenticatorMixin.PUBLIC_OPERATIONS)
    for service in ("cognito-idp", "cognito-identity", "sts"):
        model = MODELS.get(service)
        prefix = model.metadata.get("targetPrefix")
        for name in model.operation_names:
            operation = model.operation_model(name)
            if operation.auth_type == "none" or getattr(operation, "auth", None) == ["smithy.api#noAuth"]:
                public.add(f"{prefix}.{name}" if prefix else f"{service}:{name}")
    return public


def request_operation(response: Any) -> str:
    target = response.headers.get("X-Amz-Target")
    return target if target else f"{response.service_name}:{response._get_action()}"


def patch_iam_enforcement() -> None:
    from moto.core.authorization import ActionAuthenticatorMixin
    from moto.iam.access_control import IAMPolicy, IAMPolicyStatement, IAMRequest, PermissionResult

    moto_authorize = ActionAuthenticatorMixin._authenticate_and_authorize_normal_action
    public = public_operations()

    class EmulatorIAMRequest(IAMRequest):  # type: ignore[misc]
        def check_action_permitted(self, resource: str) -> None:
            # moto's evaluation, telling an explicit deny from no allow and naming the resource.
            if self._action == "sts:GetCallerIdentity":  # allowed whatever the policies say
                return
            principal, allowed = self._access_key.arn, False
            for policy in self._access_key.collect_policies():
                result = IAMPolicy(policy).is_action_permitted(self._action, resource)
                if result == PermissionResult.DENIED:
                    raise AccessRefused(principal, self._action, resource, "explicit")
                allowed = allowed or result == PermissionResult.PERMITTED
            if not allowed:
                raise AccessRefused(principal, self._action, resource, "implicit")
            if self._is_assuming_role_operation(resource) and not self._check_role_trust_relationship(resource):
                raise AccessRefused(principal, self._action, resource, "trust")

        def _raise_invalid_access_key(self, _reason: str) -> None:
            raise CredentialsRefused("key")

        def _raise_signature_does_not_match(self) -> None:
            raise CredentialsRefused("signature")

    def authorize(self: Any, resource: str = "*") -> None:
        if not iam_checks_apply():
            moto_authorize(self, resource)  # lets the request through and counts it
            return
        if request_operation(self) in public:
            return
        try:
            if "Authorization" not in self.headers:
                raise CredentialsRefused("missing")
            self._authenticate_and_authorize_action(EmulatorIAMRequest, request_resource(self, resource))
        except (AccessRefused, CredentialsRefused) as refused:
            raise refusal(self, refused) from None

    def check_element_matches(self: Any, element: str, value: str) -> bool:
        patterns = self._statement[element]
        ignore_case = element in ("Action", "NotAction")
        return any(
            isinstance(pattern, str) and iam_pattern(pattern, ignore_case).fullmatch(value) is not None
            for pattern in (patterns if isinstance(patterns, list) else [patterns])
        )

    ActionAuthenticatorMixin._authenticate_and_authorize_normal_action = authorize
    IAMPolicyStatement._check_element_matches = check_element_matches


# --------------------------------------------------------------------------------------------
# Call counter (WSGI middleware in front of moto's app)
# --------------------------------------------------------------------------------------------


class CallCounter:
    """Counts AWS API requests by operation name; thread-safe (the server is threaded)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}

    def add(self, operation: str) -> None:
        with self._lock:
            self._counts[operation] = self._counts.get(operation, 0) + 1

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()


def operation_name(environ: dict[str, Any]) -> str | None:
    """The AWS operation of a request: X-Amz-Target for JSON protocols, Action for query ones."""
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        # "AWSCognitoIdentityProviderService.CreateUserPool" -> "CreateUserPool"
        return target.rsplit(".", 1)[-1]
    action = parse_qs(environ.get("QUERY_STRING", "")).get("Action")
    if action:
        return action[0]
    if environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
        action = parse_qs(read_body(environ)).get("Action")
        if action:
            return action[0]
    return None


def read_body(environ: dict[str, Any]) -> str:
    """Reads the request body and puts it back, so moto can still read it."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return ""
    if length <= 0:
        return ""
    body = environ["wsgi.input"].read(length)
    environ["wsgi.input"] = io.BytesIO(body)
    return body.decode("utf-8", errors="replace")


def json_response(start_response: Callable[..., Any], status: str, payload: Any) -> Iterable[bytes]:
    body = json.dumps(payload).encode("utf-8")
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


IGNORED_FIELDS: dict[tuple[str, str], set[str]] = {}


def ignore_field(environ: dict[str, Any]) -> bool:
    try:
        request = json.loads(read_body(environ) or "{}")
        key = (str(request["operation"]), str(request["userPoolId"]))
        field = str(request["field"])
    except (ValueError, KeyError, TypeError):
        return False
    with SERIALISE:
        IGNORED_FIELDS.setdefault(key, set()).add(field)
    return True


def drop_ignored_fields(environ: dict[str, Any], operation: str) -> None:
    """Removes the fields a test asked this operation on this pool to ignore from the request body."""
    if not any(op == operation for op, _ in IGNORED_FIELDS):
        return
    try:
        request = json.loads(read_body(environ) or "{}")
    except ValueError:
        return
    fields = IGNORED_FIELDS.get((operation, str(request.get("UserPoolId", ""))), set())
    if not fields.intersection(request):
        return
    body = json.dumps({k: v for k, v in request.items() if k not in fields}).encode("utf-8")
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))


def age_client_secret(environ: dict[str, Any]) -> bool:
    """
    Moves one client secret's creation date (a test's clock for secret rotation, which cannot wait
    90 days). The secret keeps its id, as the date in an id is only where it started.
    """
    try:
        request = json.loads(read_body(environ) or "{}")
        client_id, secret_id, created = str(request["clientId"]), str(request["clientSecretId"]), float(request["createDate"])
    except (ValueError, KeyError, TypeError):
        return False
    with SERIALISE:
        found = find_client(client_id)
        record = next((r for r in client_secrets(found[1]) if r["ClientSecretId"] == secret_id), None) if found else None
        if record is None:
            return False
        record["ClientSecretCreateDate"] = created
    return True


# --latency: seconds every AWS call waits before it is served, as a round trip to AWS would;
# POST /_emulator/latency changes it, a reset puts the start value back.
LATENCY = {"seconds": 0.0, "start": 0.0}

MAX_LATENCY_MS = 60000


class Throttle:
    """--throttle / POST /_emulator/throttle: a share of AWS calls answered as AWS answers a call
    over the rate limit, picked by a seeded generator so a run can be repeated; counts the calls
    it refused, by operation."""

    def __init__(self) -> None:
        import random

        self._lock = threading.Lock()
        self._random = random.Random(0)
        self.share = 0.0
        self._counts: dict[str, int] = {}

    def configure(self, share: float, seed: Any = None) -> None:
        import random

        with self._lock:
            self.share = share
            self._random = random.Random(seed)

    def refuses(self, operation: str) -> bool:
        with self._lock:
            if self.share <= 0 or self._random.random() >= self.share:
                return False
            self._counts[operation] = self._counts.get(operation, 0) + 1
            return True

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)

    def reset_counts(self) -> None:
        with self._lock:
            self._counts.clear()


THROTTLE = Throttle()
IAM_XMLNS = "https://iam.amazonaws.com/doc/2010-05-08/"
RATE_EXCEEDED = "Rate exceeded"


def throttled_answer(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """The error AWS answers a throttled call with, in the request's protocol: for Cognito user and
    identity pools (JSON) TooManyRequestsException, "Rate exceeded"; for IAM and the other query
    services the XML error Throttling; for other JSON services ThrottlingException."""
    from request_shape import _json_error, _query_error

    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        service = target.partition(".")[0]
        cognito = service in ("AWSCognitoIdentityProviderService", "AWSCognitoIdentityService")
        return _json_error(start_response, "TooManyRequestsException" if cognito else "ThrottlingException", RATE_EXCEEDED)
    return _query_error(start_response, "Throttling", RATE_EXCEEDED, IAM_XMLNS)


def json_request(environ: dict[str, Any]) -> dict[str, Any] | None:
    try:
        request = json.loads(read_body(environ) or "{}")
    except ValueError:
        return None
    return request if isinstance(request, dict) else None


def set_latency(environ: dict[str, Any]) -> bool:
    request = json_request(environ) or {}
    ms = request.get("ms")
    if isinstance(ms, bool) or not isinstance(ms, (int, float)) or not 0 <= ms <= MAX_LATENCY_MS:
        return False
    LATENCY["seconds"] = ms / 1000
    return True


def set_throttle(environ: dict[str, Any]) -> bool:
    request = json_request(environ) or {}
    share, seed = request.get("share"), request.get("seed")
    if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 1:
        return False
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, str))):
        return False
    THROTTLE.configure(float(share), seed)
    return True


def set_fast_paths(environ: dict[str, Any]) -> bool:
    on = (json_request(environ) or {}).get("on")
    if not isinstance(on, bool):
        return False
    with SERIALISE:
        FAST_PATHS["on"] = on
    return True


def reset_runtime_settings() -> None:
    """What a reset puts back besides moto's state: the start latency, no throttling, fast paths,
    and IAM enforcement as the emulator started (its unchecked requests counted from zero again)."""
    LATENCY["seconds"] = LATENCY["start"]
    THROTTLE.configure(0.0, None)
    THROTTLE.reset_counts()
    FAST_PATHS["on"] = True
    set_unchecked_requests(IAM_CHECKS["start"])


# The emulator's POST endpoints that change a setting: each reads its JSON body and says whether
# it was valid; an invalid one is answered 400 with what was expected.
EMULATOR_SETTINGS: dict[str, tuple[Callable[[dict[str, Any]], bool], str]] = {
    "/_emulator/ignore": (ignore_field, 'expected {"operation", "userPoolId", "field"}'),
    "/_emulator/client-secret-date": (age_client_secret, 'expected {"clientId", "clientSecretId", "createDate"} of an existing secret'),
    "/_emulator/latency": (set_latency, f'expected {{"ms": N}}, N milliseconds from 0 to {MAX_LATENCY_MS}'),
    "/_emulator/throttle": (set_throttle, 'expected {"share": S, "seed": N}, S from 0 to 1, seed optional'),
    "/_emulator/fast-paths": (set_fast_paths, 'expected {"on": true|false}'),
    "/_emulator/iam-enforcement": (set_iam_enforcement, 'expected {"on": true|false}'),
}


def with_call_counter(app: Callable[..., Any], counter: CallCounter) -> Callable[..., Any]:
    def middleware(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        # The wait is before the one-at-a-time section below, so calls made at once wait at once,
        # as they would on a network; the emulator's own endpoints answer at once.
        if LATENCY["seconds"] > 0 and not path.startswith(("/_emulator", "/moto-api")):
            time.sleep(LATENCY["seconds"])
        setting = EMULATOR_SETTINGS.get(path.rstrip("/")) if method == "POST" else None
        if setting is not None:
            apply_setting, expected = setting
            if apply_setting(environ):
                return json_response(start_response, "200 OK", {})
            return json_response(start_response, "400 Bad Request", {"message": expected})
        if path.rstrip("/") == "/_emulator/calls" and method == "GET":
            return json_response(start_response, "200 OK", counter.snapshot())
        if path.rstrip("/") == "/_emulator/calls/reset" and method == "POST":
            counter.reset()
            THROTTLE.reset_counts()
            return json_response(start_response, "200 OK", {})
        if path.rstrip("/") == "/_emulator/throttled" and method == "GET":
            return json_response(start_response, "200 OK", THROTTLE.snapshot())
        if path.rstrip("/") == "/_emulator/iam-enforcement" and method == "GET":
            with SERIALISE:
                return json_response(start_response, "200 OK", iam_enforcement_state())
        if path.startswith("/_emulator"):
            return json_response(start_response, "404 Not Found", {"message": f"No such endpoint: {method} {path}"})
        if path.rstrip("/") == TOKEN_PATH and method == "POST":
            counter.add(TOKEN_OPERATION)
            return token_endpoint(environ, start_response)
        if path.startswith(UI_ASSETS_PATH) and method in ("GET", "HEAD"):
            return ui_asset_endpoint(environ, start_response)
        if not path.startswith("/moto-api"):
            operation = operation_name(environ)
            if operation:
                counter.add(operation)
                # A throttled call is answered at once (after the latency) and not carried out.
                if THROTTLE.refuses(operation):
                    return throttled_answer(environ, start_response)
                drop_ignored_fields(environ, operation)
        if path.rstrip("/") == "/moto-api/reset" and method == "POST":
            with SERIALISE:
                reset_runtime_settings()
        # moto's backends are not thread-safe: a user lookup iterates a pool's users while another
        # request inserts one ("OrderedDict mutated during iteration", answered as HTTP 500). AWS
        # has no such failure, so requests are served one at a time, body included.
        with SERIALISE:
            return list(app(environ, start_response))

    return middleware


SERIALISE = threading.Lock()


# --------------------------------------------------------------------------------------------
# Server
# --------------------------------------------------------------------------------------------


def build_app() -> Callable[..., Any]:
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    patch_user_pools()
    add_mfa_config_operations()
    add_risk_configuration_operations()
    add_user_pool_tagging()
    patch_user_attributes()
    patch_users_at_scale()
    patch_user_answers()
    add_client_dates()
    add_resource_server_operations()
    add_managed_login_branding_operations()
    add_ui_customization_operations()
    add_terms_operations()
    add_log_delivery_operations()
    add_client_secret_operations()
    add_domain_login_version()
    add_identity_pool_roles()
    add_identity_pool_classic_flow()
    patch_iam_enforcement()
    return with_call_counter(with_request_shape_check(DomainDispatcherApplication(create_backend_app)), CallCounter())


def url_for(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def exit_when_stdin_closes() -> None:
    """Stops the server once the parent process goes away (its end of our stdin pipe closes)."""

    def watch() -> None:
        # os.read on the raw descriptor: sys.stdin's buffered reader holds a lock that would
        # upset interpreter shutdown while this thread waits in it.
        while os.read(0, 4096):
            pass
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def stop_on_signals() -> None:
    def stop(_signum: int, _frame: Any) -> None:
        sys.exit(0)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)


def listen(host: str, port: int) -> socket.socket:
    """A listening socket, or exit 4 with a one-line reason (werkzeug would print two and exit 1)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host, port), family=family, backlog=128)
    except OSError as err:
        print(f"cannot listen on {url_for(host, port)}: {err.strerror or err}", file=sys.stderr, flush=True)
        sys.exit(EXIT_CANNOT_LISTEN)


def serve(host: str, port: int, exit_with_stdin: bool) -> None:
    # Werkzeug logs every request and a startup banner through this logger; keep only errors.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    from werkzeug.serving import make_server

    listener = listen(host, port)
    port = listener.getsockname()[1]
    # Some moto features call back into the server and find it through MOTO_PORT.
    os.environ["MOTO_PORT"] = str(port)
    # UI customization images are served here (ImageUrl).
    SERVER_URL["url"] = url_for(host, port)
    # Werkzeug serves on the socket that is already listening, so "ready" is true when printed.
    server = make_server(host, port, build_app(), threaded=True, fd=listener.fileno())
    listener.close()  # make_server works on its own duplicate of the descriptor

    stop_on_signals()
    if exit_with_stdin:
        exit_when_stdin_closes()
    print(f"ready {url_for(host, port)}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="moto server with cognito-reconcile extensions")
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to listen on")
    parser.add_argument("--port", type=int, default=4566, help="port to listen on (0 = any free port)")
    parser.add_argument("--latency", type=int, default=0, help="milliseconds every AWS call waits before it is answered (0-60000)")
    parser.add_argument(
        "--throttle", type=float, default=0.0, help="share of AWS calls (0-1) answered as throttled (TooManyRequestsException, IAM: Throttling)"
    )
    parser.add_argument("--throttle-seed", type=int, default=0, help="seed of the pick of throttled calls, so runs repeat")
    parser.add_argument(
        "--enforce-iam",
        type=int,
        metavar="N",
        help="check every AWS request after the first N against IAM (signature and the caller's policies), as "
        "moto's INITIAL_NO_AUTH_ACTION_COUNT=N does; 0 checks from the first request",
    )
    parser.add_argument(
        "--exit-with-stdin",
        action="store_true",
        help="exit when stdin reaches end of file (used by a parent process that owns the server)",
    )
    args = parser.parse_args(argv)
    if not is_loopback(args.host):
        parser.error(f"refusing to listen on {args.host}: the emulator has no authentication, use a loopback address")
    if not 0 <= args.port <= 65535:
        parser.error(f"invalid port {args.port}")
    if not 0 <= args.latency <= 60000:
        parser.error(f"invalid latency {args.latency}: milliseconds from 0 to 60000")
    if not 0 <= args.throttle <= 1:
        parser.error(f"invalid throttle {args.throttle}: a share of calls from 0 to 1")
    if args.enforce_iam is not None and args.enforce_iam < 0:
        parser.error(f"invalid --enforce-iam {args.enforce_iam}: a number of unchecked requests from 0")
    return args


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    require_moto()
    LATENCY["seconds"] = LATENCY["start"] = args.latency / 1000
    THROTTLE.configure(args.throttle, args.throttle_seed)
    from moto import settings

    # Without --enforce-iam, moto's INITIAL_NO_AUTH_ACTION_COUNT from the environment (if any) holds.
    IAM_CHECKS["start"] = args.enforce_iam if args.enforce_iam is not None else settings.INITIAL_NO_AUTH_ACTION_COUNT
    set_unchecked_requests(IAM_CHECKS["start"])
    serve(args.host, args.port, args.exit_with_stdin)


if __name__ == "__main__":
    main(sys.argv[1:])
