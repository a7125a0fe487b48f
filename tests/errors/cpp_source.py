"""C++ source text for the checks of tests/errors: its comments removed, literals kept."""


def literal_end(text, i):
    """One past the end of the literal whose opening quote (" or ') is at `i`."""
    j = i + 1
    while j < len(text) and text[j] != text[i]:
        j += 2 if text[j] == '\\' else 1
    return j + 1


def strip_comments(text):
    # Keeps string literals intact ("//" inside a literal is rare in these sources, and a literal
    # containing it is never a code).
    out, i = [], 0
    while i < len(text):
        if text[i] == '"':
            j = literal_end(text, i)
            out.append(text[i:j])
            i = j
        elif text.startswith('//', i):
            j = text.find('\n', i)
            i = len(text) if j < 0 else j
        elif text.startswith('/*', i):
            j = text.find('*/', i + 2)
            i = len(text) if j < 0 else j + 2
        elif text[i] == "'" and i + 2 < len(text):
            j = text.find("'", i + 1)
            if 0 < j - i <= 3 or text[i + 1] == '\\':
                out.append(text[i:j + 1])
                i = j + 1
            else:
                out.append(text[i])
                i += 1
        else:
            out.append(text[i])
            i += 1
    return ''.join(out)
