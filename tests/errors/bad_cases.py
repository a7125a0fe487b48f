"""The catalogue of bad inputs (tests/data/bad/cases.txt), read once for the checks that run it
(check_bad_inputs.py in English, check_bad_inputs_vi.py in Vietnamese).

cases.txt, one expected diagnostic a line (a file with several lines expects several, in the
order printed, which is by file, line and column):

    <file> | <code> | <line>:<col> | <message>

`<line>:<col>` is `-` for a diagnostic without a position. By default a file is checked with
`chiso validate -c tests/data/bad/tree.yaml --units tests/data/bad/units <file>`; a line
`@ <file> | <arguments>` gives other arguments ({file} stands for the file).
"""
import collections
import pathlib

DEFAULT_ARGS = "validate -c tests/data/bad/tree.yaml --units tests/data/bad/units {file}"


def read(root: pathlib.Path):
    """(expected, args): expected[file] = [(code, where, message), ...] in order; args[file] =
    the arguments it is run with. Exits with the line of a malformed entry."""
    expected = collections.OrderedDict()
    args = {}
    cases = root / "tests" / "data" / "bad" / "cases.txt"
    for n, raw in enumerate(cases.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        if raw.startswith("@"):
            name, command = [p.strip() for p in raw[1:].split("|", 1)]
            args[name] = command
            continue
        parts = [p.strip() for p in raw.split("|", 3)]
        if len(parts) != 4:
            raise SystemExit(f"cases.txt:{n}: expected '<file> | <code> | <line>:<col> | <message>'")
        expected.setdefault(parts[0], []).append(tuple(parts[1:]))
    return expected, args


def command(chiso: str, args: dict, name: str) -> list:
    """The command line a user would type for bad input `name`."""
    return [chiso] + args.get(name, DEFAULT_ARGS).replace(
        "{file}", f"tests/data/bad/{name}").split()
