"""An agency script: build this year's report from a dict, check it against last year's.

Run: python examples/agency_script.py
"""

from __future__ import annotations

from pathlib import Path

import gov_disclosure as gd

HERE = Path(__file__).parent


def build() -> gd.Report:
    """This year's report, as a clerk's script would assemble it from its own records."""
    zero = [0, 0, 0, 0, 0, 0]
    data = {
        "agency": "上杭县工信科技局",
        "year": 2025,
        "overview": {
            "paragraphs": ["2025年，我局认真贯彻落实《条例》，持续推进政府信息公开工作。"],
            "subsections": [
                {"title": "主动公开情况", "paragraphs": ["2025年度主动公开政府信息20条。"]},
                {"title": "依申请公开情况", "paragraphs": ["2025年度收到政府信息公开申请2件，均已办结。"]},
            ],
        },
        "active_disclosure": {
            "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
            "normative_documents": {"issued": 1, "repealed": 0, "in_force": 2},
            "licensing": 0,
            "punishment": 2,
            "enforcement": 0,
            "fees": "0",
        },
        "applications": {
            # rows as lists in column order; 总计 left out: it is computed
            "new": [1, 1, 0, 0, 0, 0],
            "carried_over": zero,
            "granted": [1, 0, 0, 0, 0, 0],
            "partially_granted": [0, 1, 0, 0, 0, 0],
            "withheld": dict.fromkeys(
                (
                    "state_secret",
                    "prohibited_by_law",
                    "security_stability",
                    "third_party_rights",
                    "internal_affairs",
                    "process_information",
                    "enforcement_files",
                    "inquiry_matters",
                ),
                zero,
            ),
            "unavailable": dict.fromkeys(("not_held", "needs_creation", "still_unclear"), zero),
            "not_processed": dict.fromkeys(
                ("complaint", "duplicate", "publication", "excessive", "confirmation"), zero
            ),
            "other_handling": dict.fromkeys(("correction_overdue", "fee_unpaid", "other"), zero),
            "carried_forward": zero,
        },
        "review_litigation": {
            "review": {"upheld": 0, "corrected": 0, "other": 0, "pending": 0},
            "litigation_direct": {"upheld": 0, "corrected": 0, "other": 0, "pending": 0},
            "litigation_after_review": {"upheld": 0, "corrected": 0, "other": 0, "pending": 0},
        },
        "problems": {"paragraphs": ["信息公开精细化水平有待提升。"]},
        "other_matters": {"paragraphs": ["2025年我局无收取信息处理费情况。"]},
    }
    return gd.from_dict(data)


def main() -> int:
    report = build()
    last_year = gd.load(HERE / "shanghang_gxkj_2024.yaml")
    findings = gd.check(report, previous=last_year)
    print(report.title)
    print(f"（七）总计：{report.applications.total.total} 件")
    for f in findings:
        print(f"[{f.severity}] {f.rule} {f.path}: {f.message}")
    return 1 if any(f.severity == "error" for f in findings) else 0


if __name__ == "__main__":
    raise SystemExit(main())
