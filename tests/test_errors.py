import re

from wirecoder.errors import Code


def test_errors_codes_are_stable_and_formatted():
    # Codes are part of the interface: renaming or renumbering one breaks users' scripts.
    assert [c.name for c in Code] == ["E101", "E102", "E104", "E105", "E106", "E107", "E108", "E109", "E201", "E202",
                                      "E203", "E204", "E205", "E206", "E301", "E302", "E303", "E401", "E402"]
    msg = Code.E301.format(lang="de", supported="fr")
    assert msg == "[E301] Unsupported language 'de' (supported: fr)"
    for c in Code:
        assert re.fullmatch(r"E\d{3}", c.name)
