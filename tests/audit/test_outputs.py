"""Report formats through the CLI: SARIF schema validity, the JSON golden file, secrets,
exit statuses."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import jsonschema
import pytest

from migrate.cli.app import run

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
SCHEMAS = HERE / "schemas"
GOLDEN = HERE / "golden" / "golden_tree.json"
SECRETS = (
    "env-file-secret-value-42",
    "hardcoded-settings-secret-9f8e7d",
    "AC0123456789abcdef0123456789abcdef",
)
FORMATS = ("text", "json", "sarif", "html")


def _audit(path: Path, fmt: str, out: Path, *extra: str) -> tuple[int, str]:
    code = run(["audit", str(path), "--format", fmt, "--output", str(out), *extra])
    return code, out.read_text(encoding="utf-8") if out.exists() else ""


@pytest.mark.parametrize("schema", ["sarif-schema-2.1.0.json", "sarif-schema-2.1.0-rtm.5.json"])
def test_sarif_is_valid_against_the_official_schema(tmp_path: Path, schema: str) -> None:
    code, text = _audit(FIXTURES, "sarif", tmp_path / "out.sarif")
    assert code == 0
    log = json.loads(text)
    schema_doc = json.loads((SCHEMAS / schema).read_text())
    validator = jsonschema.validators.validator_for(schema_doc)
    validator(schema_doc, format_checker=validator.FORMAT_CHECKER).validate(log)
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert all(r["helpUri"].startswith("https://") for r in rules)
    results = run_["results"]
    assert len(results) > 100
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        assert not uri.startswith("/") and "\\" not in uri
        assert location["region"]["startLine"] >= 1


# Finding fields copied from mappings.catalog: their wording belongs to the mapping layer.
CATALOG_FIELDS = ("twilio_api", "zoom_equivalent", "fidelity", "autofix", "effort", "effort_hours",
                  "severity")  # fmt: skip


def _normalized(report: dict) -> dict:
    """The report with run-dependent and catalog-derived values replaced by placeholders."""
    report["root"] = "<root>"
    report["tool_version"] = "<version>"
    summary = report["summary"]
    summary["generated_on"] = summary["days_left"] = summary["cutoff_passed"] = "<run>"
    summary["effort"]["hours"] = summary["effort"]["days"] = summary["by_severity"] = "<catalog>"
    for finding in report["findings"]:
        for name in CATALOG_FIELDS:
            finding[name] = "<catalog>"
    return report


def test_json_matches_the_golden_file(tmp_path: Path) -> None:
    code, text = _audit(FIXTURES / "golden_tree", "json", tmp_path / "out.json")
    assert code == 0
    report = _normalized(json.loads(text))
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(report, indent=2) + "\n")
    assert report == json.loads(GOLDEN.read_text())


def test_json_schema_field_is_versioned(tmp_path: Path) -> None:
    _, text = _audit(FIXTURES / "golden_tree", "json", tmp_path / "out.json")
    assert json.loads(text)["schema"] == "twilio2zoom.audit/v1"


@pytest.mark.parametrize("fmt", FORMATS)
def test_secret_values_never_reach_any_format(
    tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "process-env-secret-123456")
    code, text = _audit(FIXTURES / "python_app", fmt, tmp_path / f"out.{fmt}")
    assert code == 0
    assert "TWILIO_API_SECRET" in text and "TWILIO_AUTH_TOKEN" in text  # names are reported
    for secret in (*SECRETS, "process-env-secret-123456"):
        assert secret not in text, (fmt, secret)


def test_fail_on_findings_exits_1_only_for_video(tmp_path: Path) -> None:
    code, _ = _audit(FIXTURES / "golden_tree", "json", tmp_path / "a.json", "--fail-on-findings")
    assert code == 1
    sms = tmp_path / "sms"
    sms.mkdir()
    shutil.copy(FIXTURES / "python_app" / "sms_only.py", sms)
    code, text = _audit(sms, "json", tmp_path / "b.json", "--fail-on-findings")
    assert code == 0
    report = json.loads(text)
    assert report["summary"]["video_findings"] == 0
    assert report["summary"]["by_category"] == {"not-affected": 7}


def test_nonexistent_path_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["audit", "/no/such/tree"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such file or directory" in err
    assert "Traceback" not in err


def test_text_report_to_stdout_has_summary_and_cutoff(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TWILIO2ZOOM_NOW", "2026-11-23T12:00:00+00:00")
    monkeypatch.setenv("TWILIO2ZOOM_CUTOFF", "2027-01-31")
    assert run(["audit", str(FIXTURES / "golden_tree")]) == 0
    out = capsys.readouterr().out
    assert "py-video-room" in out and "js-connect" in out
    assert "cutoff 2027-01-31: 69 days left" in out

    monkeypatch.setenv("TWILIO2ZOOM_NOW", "2027-02-01T08:00:00+00:00")
    assert run(["audit", str(FIXTURES / "golden_tree")]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert out.count("the cutoff 2027-01-31 passed 1 day ago; set TWILIO2ZOOM_CUTOFF") == 1
    assert "days left" not in out


def test_html_is_self_contained(tmp_path: Path) -> None:
    code, html = _audit(FIXTURES, "html", tmp_path / "report.html")
    assert code == 0
    assert "<script" not in html.split("<main>")[0]  # no scripts or external assets
    assert not re.search(r"""(?:src|href)=["'](?:https?:)?//[^"']+\.(?:css|js)""", html)
    assert "client.join" in html  # a Zoom equivalent from the catalog
    assert "&lt;script src=" in html  # code excerpts are escaped, not executed


def test_unparsable_environment_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TWILIO2ZOOM_CUTOFF", "not-a-date")
    assert run(["audit", str(FIXTURES)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("twilio2zoom: error: invalid setting TWILIO2ZOOM_CUTOFF: ")
    assert "not-a-date" not in err and "Traceback" not in err


def test_output_in_a_missing_directory_is_a_usage_error_before_scanning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing" / "report.json"
    assert run(["audit", str(FIXTURES), "-f", "json", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such directory" in err
    assert not target.parent.exists()
