"""Request-shape validation for the local emulator (used by moto_ext.py).

AWS checks every request against the constraints of its service model before the operation
runs: required members, string and blob length, integer and long range, list and map size, enum
values and the regex pattern of strings. A request that breaks one is refused with HTTP 400 and
nothing happens. moto checks almost none of these, so a request AWS would refuse succeeds
locally. This module closes that gap: a WSGI middleware in front of moto's app reads the
operation's input shape from the botocore service model installed on this machine (moto itself
depends on botocore), validates the request against it and, on violations, answers as AWS does
without passing the request on.

Services and how their requests are read:
  * cognito-idp and cognito-identity (JSON 1.1): X-Amz-Target names the service and operation
    ("AWSCognitoIdentityProviderService.CreateUserPool"); the body is the input as JSON. The same
    for ssm ("AmazonSSM.PutParameter") and secretsmanager ("secretsmanager.CreateSecret"), where
    cognito-reconcile writes its outputs.
  * iam (query protocol): the SigV4 credential scope of the Authorization header names the
    service, the form-encoded Action the operation; the other form fields are decoded into the
    input structure by the query protocol's rules (Struct.Member, List.member.N,
    Map.entry.N.key / .value, "List=" for an empty list).
Requests to any other service pass through unchecked.

The answer, as the services give it (AWS's Coral request validation; the sources are public
error reports quoting AWS's responses):
  * cognito-idp: 400, {"__type": "InvalidParameterException", "message": ...}. Cognito user pools
    report constraint violations with InvalidParameterException, not the generic
    ValidationException of the "Common Errors" page (quoted e.g. in
    github.com/amazon-archives/amazon-cognito-identity-js/issues/388, anomalyco/guide#127,
    awsdocs/aws-doc-sdk-examples#891).
  * cognito-identity: 400, {"__type": "ValidationException", "message": ...} (getmoto/moto#1979,
    awslabs/serverless-automated-ui-testing#2, aws-amplify/amplify-js#7737).
  * iam: 400, <ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code>... (the query
    protocol's XML error; serverless/examples#405).
  * ssm and secretsmanager: 400, {"__type": "ValidationException", "message": ...}, the error
    their API references list under Common Errors for input that fails the service's constraints.
  The message is "1 validation error detected: " (or "N validation errors detected: ") followed by
  the violations joined with "; ", each one
      Value '<value>' at '<path>' failed to satisfy constraint: <constraint>
  where <path> is the member names in lower camel case joined by dots, a list element adding
  ".<1-based index>.member" (e.g. 'schema.1.member.name'), and <constraint> one of
      Member must not be null                               (missing required member: "Value null")
      Member must have length less than or equal to N       (string, blob, list, map)
      Member must have length greater than or equal to N
      Member must have value less than or equal to N        (integer, long)
      Member must have value greater than or equal to N
      Member must satisfy enum value set: [A, B]
      Member must satisfy regular expression pattern: P
  A list of scalars whose elements break a constraint gets one error at the list's path,
  "Member must satisfy constraint: [<every constraint of the element shape>]"; a map's keys and
  values likewise "Map keys must satisfy constraint: [...]" / "Map value must satisfy
  constraint: [...]". Values print as Java does (lists "[a, b]", maps "{k=v}").
  Sensitive values are not echoed: a violation on a shape the model marks sensitive reads
  "Value at '<path>' ..." (as AWS answers for a password or username), and a sensitive part of a
  larger value prints as ***.
  Not known, and chosen here: the order of several violations (the model's member order), the
  order of an enum's values (the model's), the path below a map value ('<map>.<key>.member').

Patterns: botocore carries the models' Java regexes, which AWS matches against the whole value
(Matcher.matches). They are compiled once each, for Python's re with re.ASCII (Java's \\w, \\d,
\\s are ASCII-only) and matched with fullmatch. Java's Unicode general categories \\p{L},
\\p{M}, \\p{S}, \\p{N}, \\p{P}, \\p{Z} (and one- or two-letter subcategories, and \\P{..}) have no
re equivalent; they are replaced by explicit code point ranges built from unicodedata, inside a
character class or wrapped in one outside it. Java's \\x{h..h} becomes \\U........ The cognito-idp
models use [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}] (+ \\s, \\t\\n\\r, \\p{Z}) and [^_\\p{Z}]; cognito-identity
[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]; iam [\\p{L}\\p{Z}\\p{N}...]. Remaining differences from Java: '.'
also matches \\r, \\u0085, \\u2028 and \\u2029 in Python; the Unicode version is Python's.
Lengths count code points (Smithy's length of a string), not UTF-16 units.

Model constraints AWS is known not to apply are listed in NOT_APPLIED, each with its reason (so
far the Domain pattern, which refuses a custom domain's full name). The models are those of the
botocore on the machine, so a newer botocore can bring a constraint that is not yet listed there:
setting COGNITO_RECONCILE_EMULATOR_SHAPE_CHECK=off in the emulator's environment turns the
check off. COGNITO_RECONCILE_EMULATOR_SHAPE_LOG=<file> appends one line per refused request
("<operation>: <message>") to that file, to find what a test run sent that AWS would refuse.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import os
import re
import sys
import threading
import unicodedata
import uuid
from typing import Any, Callable, Iterable
from urllib.parse import parse_qsl
from xml.sax.saxutils import escape as xml_escape

DISABLE_ENV = "COGNITO_RECONCILE_EMULATOR_SHAPE_CHECK"
LOG_ENV = "COGNITO_RECONCILE_EMULATOR_SHAPE_LOG"

# X-Amz-Target prefix -> (botocore service name, error type of a constraint violation)
JSON_SERVICES = {
    "AWSCognitoIdentityProviderService": ("cognito-idp", "InvalidParameterException"),
    "AWSCognitoIdentityService": ("cognito-identity", "ValidationException"),
    "AmazonSSM": ("ssm", "ValidationException"),
    "secretsmanager": ("secretsmanager", "ValidationException"),
}
# SigV4 scope service name -> (botocore service name, error code of a constraint violation)
QUERY_SERVICES = {
    "iam": ("iam", "ValidationError"),
}

SENSITIVE_TEXT = "***"

# Model constraints AWS does not apply, by (shape name, constraint, the model's value): the check
# skips them. Each one was hit by a request AWS accepts; the reason says why it is not applied.
NOT_APPLIED = {
    # cognito-idp DomainType (Domain of Create/Update/Describe/DeleteUserPoolDomain) allows no dot,
    # but a custom domain is given as its fully qualified name, e.g. auth.example.com (API reference
    # of CreateUserPoolDomain; tflint-ruleset-aws#156 and #158 dropped their rule built from this
    # pattern for that reason). AWS checks a prefix domain's characters in the operation itself,
    # with its own message ("The domain name contains an invalid character. Domain names can only
    # contain lower-case letters, numbers, and hyphens...", quoted in
    # mineiros-io/terraform-aws-cognito-user-pool#69), not as a constraint violation.
    ("DomainType", "pattern", "^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?$"),
}


# --------------------------------------------------------------------------------------------
# Java regex -> Python re
# --------------------------------------------------------------------------------------------

_CATEGORY_SPANS: dict[str, list[tuple[int, int]]] = {}
_CATEGORY_LOCK = threading.Lock()


def _build_category_spans() -> None:
    """Code point spans of every general category (Lu, ...) and category letter (L, ...).

    Planes 4-13 are unassigned and 15-16 private use (category Cn / Co), so they are not scanned.
    """
    spans: dict[str, list[tuple[int, int]]] = {}
    for block in (range(0x40000), range(0xE0000, 0xF0000)):
        previous, start = None, block.start
        for cp in block:
            cat = unicodedata.category(chr(cp))
            if cat != previous:
                if previous is not None:
                    spans.setdefault(previous, []).append((start, cp - 1))
                previous, start = cat, cp
        spans.setdefault(str(previous), []).append((start, block.stop - 1))
    for letter in {cat[0] for cat in spans}:
        spans[letter] = [span for cat, runs in spans.items() if len(cat) == 2 and cat[0] == letter for span in runs]
    _CATEGORY_SPANS.update(spans)


def category_class_body(names: list[str]) -> str:
    """The inside of a character class matching any of the Unicode general categories `names`
    (L, Lu, ...), adjacent spans merged so the class stays small."""
    with _CATEGORY_LOCK:
        if not _CATEGORY_SPANS:
            _build_category_spans()
    spans: list[tuple[int, int]] = []
    for name in names:
        if not (1 <= len(name) <= 2) or name not in _CATEGORY_SPANS:
            raise ValueError(f"unsupported Java character property \\p{{{name}}}")
        spans.extend(_CATEGORY_SPANS[name])
    merged: list[list[int]] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return "".join(_class_char(lo) if lo == hi else f"{_class_char(lo)}-{_class_char(hi)}" for lo, hi in merged)


def _class_char(cp: int) -> str:
    return f"\\U{cp:08x}"


_PROPERTY = re.compile(r"\\([pP])(?:\{(\w+)\}|(\w))")


def translate_java_regex(pattern: str) -> str:
    """Rewrites the Java-only parts of a model pattern for Python's re (see the module docstring)."""
    out: list[str] = []
    in_class = False
    class_start = False  # just after "[" or "[^" (a "]" there is literal)
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            if nxt in "pP":
                # A run of \p{..} (all \p or all \P) becomes one class body of merged spans.
                names: list[str] = []
                end = i
                while True:
                    match = _PROPERTY.match(pattern, end)
                    if not match or match.group(1) != nxt or (names and not in_class):
                        break
                    names.append(match.group(2) or match.group(3))
                    end = match.end()
                body = category_class_body(names)
                negated = nxt == "P"
                if in_class:
                    if negated:
                        raise ValueError(f"unsupported \\P{{..}} inside a character class: {pattern}")
                    out.append(body)
                else:
                    out.append(f"[{'^' if negated else ''}{body}]")
                i = end
                class_start = False
                continue
            if nxt == "x" and i + 2 < len(pattern) and pattern[i + 2] == "{":
                end = pattern.index("}", i + 3)
                out.append(_class_char(int(pattern[i + 3 : end], 16)))
                i = end + 1
                class_start = False
                continue
            out.append(pattern[i : i + 2])
            i += 2
            class_start = False
            continue
        if in_class:
            if ch == "]" and not class_start:
                in_class = False
            elif ch == "[":
                raise ValueError(f"unsupported nested character class: {pattern}")
            class_start = class_start and ch == "^" and pattern[i - 1] == "["
        elif ch == "[":
            in_class = True
            class_start = True
        out.append(ch)
        i += 1
    return "".join(out)


_COMPILED: dict[str, "re.Pattern[str] | None"] = {}


def compiled_pattern(pattern: str) -> "re.Pattern[str] | None":
    """The model pattern compiled once; None (and one line on stderr) if it cannot be translated."""
    found = _COMPILED.get(pattern, False)
    if found is not False:
        return found  # type: ignore[return-value]
    try:
        result: re.Pattern[str] | None = re.compile(translate_java_regex(pattern), re.ASCII)
    except (ValueError, re.error) as err:
        print(f"request shape check: pattern {pattern!r} not checked ({err})", file=sys.stderr, flush=True)
        result = None
    _COMPILED[pattern] = result
    return result


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------


def member_path(path: str, name: str) -> str:
    name = name[:1].lower() + name[1:]
    return f"{path}.{name}" if path else name


def is_sensitive(shape: Any) -> bool:
    return bool(shape.metadata.get("sensitive"))


def java_text(shape: Any, value: Any) -> str:
    """A value as AWS's Java service prints it, sensitive parts masked."""
    if is_sensitive(shape):
        return SENSITIVE_TEXT
    kind = shape.type_name
    if kind == "list" and isinstance(value, list):
        return "[" + ", ".join(java_text(shape.member, v) for v in value) + "]"
    if kind == "map" and isinstance(value, dict):
        return "{" + ", ".join(f"{java_text(shape.key, k)}={java_text(shape.value, v)}" for k, v in value.items()) + "}"
    if kind == "structure" and isinstance(value, dict):
        members = shape.members
        parts = [f"{k}={java_text(members[k], v) if k in members else v}" for k, v in value.items() if v is not None]
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def value_intro(shape: Any, value: Any) -> str:
    if is_sensitive(shape):
        return "Value"
    return f"Value '{java_text(shape, value)}'"


def length_of(shape: Any, value: Any) -> int | None:
    kind = shape.type_name
    if kind == "string" and isinstance(value, str):
        return len(value)
    if kind == "blob":
        if isinstance(value, (bytes, bytearray)):
            return len(value)
        if isinstance(value, str):
            try:
                return len(base64.b64decode(value, validate=True))
            except (binascii.Error, ValueError):
                return None
        return None
    if kind == "list" and isinstance(value, list):
        return len(value)
    if kind == "map" and isinstance(value, dict):
        return len(value)
    return None


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def all_constraints(shape: Any) -> list[str]:
    """Every constraint of a shape, in the order AWS lists them in "[...]"."""
    meta = shape.metadata
    kind = shape.type_name
    out: list[str] = []
    if kind in ("integer", "long"):
        if "max" in meta:
            out.append(f"Member must have value less than or equal to {meta['max']}")
        if "min" in meta:
            out.append(f"Member must have value greater than or equal to {meta['min']}")
        return out
    if "max" in meta:
        out.append(f"Member must have length less than or equal to {meta['max']}")
    if "min" in meta:
        out.append(f"Member must have length greater than or equal to {meta['min']}")
    if kind == "string" and shape.enum:
        out.append(f"Member must satisfy enum value set: [{', '.join(shape.enum)}]")
    if kind == "string" and "pattern" in meta:
        out.append(f"Member must satisfy regular expression pattern: {meta['pattern']}")
    return out


def violated_constraints(shape: Any, value: Any) -> list[str]:
    """The constraints of a shape's own that `value` breaks (not those of its members)."""
    meta = shape.metadata
    kind = shape.type_name
    out: list[str] = []
    if kind in ("integer", "long"):
        if not is_number(value):
            return out
        if "max" in meta and value > meta["max"]:
            out.append(f"Member must have value less than or equal to {meta['max']}")
        if "min" in meta and value < meta["min"]:
            out.append(f"Member must have value greater than or equal to {meta['min']}")
        return out
    size = length_of(shape, value)
    if size is not None:
        if "max" in meta and size > meta["max"]:
            out.append(f"Member must have length less than or equal to {meta['max']}")
        if "min" in meta and size < meta["min"]:
            out.append(f"Member must have length greater than or equal to {meta['min']}")
    if kind == "string" and isinstance(value, str):
        if shape.enum and value not in shape.enum:
            out.append(f"Member must satisfy enum value set: [{', '.join(shape.enum)}]")
        pattern = meta.get("pattern")
        if pattern is not None and (shape.name, "pattern", pattern) not in NOT_APPLIED:
            compiled = compiled_pattern(pattern)
            if compiled is not None and compiled.fullmatch(value) is None:
                out.append(f"Member must satisfy regular expression pattern: {pattern}")
    return out


SCALAR_KINDS = ("string", "integer", "long", "blob", "boolean", "timestamp", "float", "double")


def validate_value(shape: Any, value: Any, path: str, errors: list[str]) -> None:
    """Appends every violation in `value` (a present, non-null value of `shape`) to `errors`."""
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict) or shape.metadata.get("document"):
            return
        required = set(shape.required_members)
        for name, member in shape.members.items():
            sub = member_path(path, name)
            member_value = value.get(name)
            if member_value is None:
                if name in required:
                    errors.append(f"Value null at '{sub}' failed to satisfy constraint: Member must not be null")
                continue
            validate_value(member, member_value, sub, errors)
        return

    for constraint in violated_constraints(shape, value):
        errors.append(f"{value_intro(shape, value)} at '{path}' failed to satisfy constraint: {constraint}")

    if kind == "list" and isinstance(value, list):
        element = shape.member
        if element.type_name in SCALAR_KINDS:
            if any(v is not None and violated_constraints(element, v) for v in value):
                listed = ", ".join(all_constraints(element))
                constraint = f"Member must satisfy constraint: [{listed}]"
                errors.append(f"{value_intro(shape, value)} at '{path}' failed to satisfy constraint: {constraint}")
        else:
            for index, item in enumerate(value, start=1):
                if item is not None:
                    validate_value(element, item, f"{path}.{index}.member", errors)
    elif kind == "map" and isinstance(value, dict):
        intro = value_intro(shape, value)
        if any(violated_constraints(shape.key, k) for k in value):
            listed = ", ".join(all_constraints(shape.key))
            errors.append(f"{intro} at '{path}' failed to satisfy constraint: Map keys must satisfy constraint: [{listed}]")
        if shape.value.type_name in SCALAR_KINDS:
            if any(v is not None and violated_constraints(shape.value, v) for v in value.values()):
                listed = ", ".join(all_constraints(shape.value))
                errors.append(f"{intro} at '{path}' failed to satisfy constraint: Map value must satisfy constraint: [{listed}]")
        else:
            for key, item in value.items():
                if item is not None:
                    validate_value(shape.value, item, f"{path}.{key}.member", errors)


def violations(input_shape: Any, params: Any) -> list[str]:
    """Every constraint violation of an operation's input; [] when it has no input shape."""
    if input_shape is None:
        return []
    errors: list[str] = []
    validate_value(input_shape, params if isinstance(params, dict) else {}, "", errors)
    return errors


def error_message(errors: list[str]) -> str:
    count = len(errors)
    noun = "validation error" if count == 1 else "validation errors"
    return f"{count} {noun} detected: " + "; ".join(errors)


# --------------------------------------------------------------------------------------------
# Query protocol (IAM): form fields -> input structure
# --------------------------------------------------------------------------------------------


def _has_prefix(params: dict[str, str], prefix: str) -> bool:
    dotted = prefix + "."
    return any(key == prefix or key.startswith(dotted) for key in params)


def _indices(params: dict[str, str], prefix: str) -> list[int]:
    dotted = prefix + "."
    found: set[int] = set()
    for key in params:
        if key.startswith(dotted):
            head = key[len(dotted) :].split(".", 1)[0]
            if head.isdigit():
                found.add(int(head))
    return sorted(found)


_MISSING = object()


def decode_query(shape: Any, params: dict[str, str], prefix: str) -> Any:
    """The value of `shape` serialized under `prefix` by the query protocol, or _MISSING."""
    kind = shape.type_name
    if kind == "structure":
        result: dict[str, Any] = {}
        for name, member in shape.members.items():
            wire = member.serialization.get("name", name)
            value = decode_query(member, params, f"{prefix}.{wire}" if prefix else wire)
            if value is not _MISSING:
                result[name] = value
        if prefix and not result and not _has_prefix(params, prefix):
            return _MISSING
        return result
    if kind == "list":
        if params.get(prefix) == "":
            return []
        base = prefix if shape.serialization.get("flattened") else f"{prefix}.{shape.member.serialization.get('name', 'member')}"
        items = [decode_query(shape.member, params, f"{base}.{i}") for i in _indices(params, base)]
        return [item for item in items if item is not _MISSING] if items else _MISSING
    if kind == "map":
        base = prefix if shape.serialization.get("flattened") else f"{prefix}.entry"
        key_name = shape.key.serialization.get("name", "key")
        value_name = shape.value.serialization.get("name", "value")
        entries: dict[str, Any] = {}
        for i in _indices(params, base):
            key = params.get(f"{base}.{i}.{key_name}")
            value = decode_query(shape.value, params, f"{base}.{i}.{value_name}")
            if key is not None and value is not _MISSING:
                entries[key] = value
        return entries if entries else _MISSING
    if prefix not in params:
        return _MISSING
    raw = params[prefix]
    if kind in ("integer", "long"):
        try:
            return int(raw)
        except ValueError:
            return raw  # not a number: the type check is not ours, the value is left unchecked
    if kind == "boolean":
        return raw == "true"
    return raw


# --------------------------------------------------------------------------------------------
# Service models
# --------------------------------------------------------------------------------------------


class Models:
    """botocore service models, each loaded on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._models: dict[str, Any] = {}
        self._session: Any = None

    def get(self, service: str) -> Any:
        with self._lock:
            if service not in self._models:
                if self._session is None:
                    import botocore.session

                    self._session = botocore.session.get_session()
                self._models[service] = self._session.get_service_model(service)
            return self._models[service]

    def input_shape(self, service: str, operation: str) -> Any:
        model = self.get(service)
        if operation not in model.operation_names:
            return None
        return model.operation_model(operation).input_shape


MODELS = Models()


def check_json_request(target: str, body: bytes) -> tuple[str, str] | None:
    """(error type, message) for a JSON-protocol request that breaks its model, else None."""
    prefix, _, operation = target.partition(".")
    service = JSON_SERVICES.get(prefix)
    if service is None or not operation:
        return None
    try:
        params = json.loads(body.decode("utf-8")) if body.strip() else {}
    except (ValueError, UnicodeDecodeError):
        return None  # not JSON: moto answers that as it does
    input_shape = MODELS.input_shape(service[0], operation)
    errors = violations(input_shape, params)
    return (service[1], error_message(errors)) if errors else None


def check_query_request(scope_service: str, params: dict[str, str]) -> tuple[str, str] | None:
    """(error code, message) for a query-protocol request that breaks its model, else None."""
    service = QUERY_SERVICES.get(scope_service)
    action = params.get("Action")
    if service is None or not action:
        return None
    input_shape = MODELS.input_shape(service[0], action)
    if input_shape is None:
        return None
    decoded = decode_query(input_shape, params, "")
    errors = violations(input_shape, decoded)
    return (service[1], error_message(errors)) if errors else None


# --------------------------------------------------------------------------------------------
# WSGI middleware
# --------------------------------------------------------------------------------------------

_SCOPE = re.compile(r"Credential=[^/,\s]+/[^/]+/[^/]+/([^/]+)/aws4_request")


def _read_body(environ: dict[str, Any]) -> bytes:
    """The request body, put back so the app can still read it."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return b""
    if length <= 0:
        return b""
    body = environ["wsgi.input"].read(length)
    environ["wsgi.input"] = io.BytesIO(body)
    return body


def _json_error(start_response: Callable[..., Any], error_type: str, message: str) -> Iterable[bytes]:
    body = json.dumps({"__type": error_type, "message": message}).encode("utf-8")
    start_response(
        "400 Bad Request",
        [
            ("Content-Type", "application/x-amz-json-1.1"),
            ("Content-Length", str(len(body))),
            ("x-amzn-RequestId", str(uuid.uuid4())),
        ],
    )
    return [body]


def query_error_body(code: str, message: str, xmlns: str | None, request_id: str) -> bytes:
    """The query protocol's XML error, as IAM and STS write it."""
    namespace = f' xmlns="{xmlns}"' if xmlns else ""
    return (
        f"<ErrorResponse{namespace}><Error><Type>Sender</Type><Code>{code}</Code>"
        f"<Message>{xml_escape(message)}</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>"
    ).encode("utf-8")


def _query_error(start_response: Callable[..., Any], code: str, message: str, xmlns: str) -> Iterable[bytes]:
    request_id = str(uuid.uuid4())
    body = query_error_body(code, message, xmlns, request_id)
    start_response(
        "400 Bad Request",
        [("Content-Type", "text/xml"), ("Content-Length", str(len(body))), ("x-amzn-RequestId", request_id)],
    )
    return [body]


def check_environ(environ: dict[str, Any]) -> tuple[str, str, str, str] | None:
    """(protocol, operation, error type, message) when the request breaks its service model."""
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        if target.partition(".")[0] not in JSON_SERVICES:
            return None
        found = check_json_request(target, _read_body(environ))
        return ("json", target.partition(".")[2], *found) if found else None
    scope = _SCOPE.search(environ.get("HTTP_AUTHORIZATION", ""))
    if not scope or scope.group(1) not in QUERY_SERVICES:
        return None
    params = dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
    if environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
        params.update(parse_qsl(_read_body(environ).decode("utf-8", errors="replace"), keep_blank_values=True))
    found = check_query_request(scope.group(1), params)
    return ("query", params.get("Action", ""), *found) if found else None


def log_refusal(operation: str, message: str) -> None:
    path = os.environ.get(LOG_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as log:
            log.write(f"{operation}: {message}\n")


def enabled() -> bool:
    return os.environ.get(DISABLE_ENV, "").strip().lower() not in ("off", "0", "false", "no")


def with_request_shape_check(app: Callable[..., Any]) -> Callable[..., Any]:
    """Wraps a WSGI app: requests that break their service model are answered 400 here."""
    if not enabled():
        return app

    def middleware(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        refused = check_environ(environ)
        if refused is None:
            return app(environ, start_response)
        protocol, operation, error_type, message = refused
        log_refusal(operation, message)
        if protocol == "json":
            return _json_error(start_response, error_type, message)
        xmlns = f"https://iam.amazonaws.com/doc/{MODELS.get('iam').api_version}/"
        return _query_error(start_response, error_type, message, xmlns)

    return middleware
