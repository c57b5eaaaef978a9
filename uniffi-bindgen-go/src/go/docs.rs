//! Doc comments: uniffi docstrings turned into Go doc comments that start with the item's name.

/// Comment lines (without `// `) for an exported Go type. Go's convention (checked by linters) is
/// that a doc comment starts with the name it documents followed by a space: docstrings written
/// as "Holds the ..." read naturally as "Name holds the ...", "A ..." or "The ..." become
/// "Name is a ...", anything else is introduced as "Name - ...".
pub fn doc_lines(go_name: &str, docstring: Option<&str>, fallback: &str) -> Vec<String> {
    lines_for(go_name, docstring, fallback, "is")
}

/// Like `doc_lines`, for a function or method: "The ..." becomes "Name returns the ...".
pub fn callable_doc_lines(go_name: &str, docstring: Option<&str>, fallback: &str) -> Vec<String> {
    lines_for(go_name, docstring, fallback, "returns")
}

fn lines_for(
    go_name: &str,
    docstring: Option<&str>,
    fallback: &str,
    noun_verb: &str,
) -> Vec<String> {
    let text = docstring.map(str::trim).filter(|d| !d.is_empty());
    let Some(text) = text else {
        return vec![format!("{go_name} {fallback}")];
    };
    let mut lines: Vec<String> = text.lines().map(|l| l.trim_end().to_string()).collect();
    let first = &lines[0];
    let first_word = first.split_whitespace().next().unwrap_or("");
    let lowered = || format!("{}{}", first[..1].to_lowercase(), &first[1..]);
    lines[0] = if first_word == go_name {
        first.clone()
    } else if first_word.len() > 2
        && first_word.ends_with('s')
        && first_word.chars().next().is_some_and(char::is_uppercase)
        && first_word.chars().skip(1).all(char::is_lowercase)
    {
        format!("{go_name} {}", lowered())
    } else if matches!(first_word, "A" | "An" | "The") {
        format!("{go_name} {noun_verb} {}", lowered())
    } else if first_word == "Whether" || first_word == "How" {
        format!("{go_name} reports {}", lowered())
    } else {
        format!("{go_name} - {first}")
    };
    lines
}

/// Comment lines for an unexported or secondary item: the docstring as written, if any.
pub fn plain_lines(docstring: Option<&str>) -> Vec<String> {
    docstring
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| d.lines().map(|l| l.trim_end().to_string()).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_continue_the_name() {
        assert_eq!(
            doc_lines("Version", Some("Returns the library version."), "x"),
            vec!["Version returns the library version."]
        );
    }

    #[test]
    fn other_docstrings_are_introduced() {
        assert_eq!(
            doc_lines("Timer", Some("The timer.\nSafe to share."), "x"),
            vec!["Timer is the timer.", "Safe to share."]
        );
    }

    #[test]
    fn callables_return_noun_phrases() {
        assert_eq!(
            callable_doc_lines("Get", Some("The current value."), "x"),
            vec!["Get returns the current value."]
        );
        assert_eq!(
            callable_doc_lines("IsEmpty", Some("Whether it is empty."), "x"),
            vec!["IsEmpty reports whether it is empty."]
        );
        assert_eq!(
            callable_doc_lines("Add", Some("`a + b`."), "x"),
            vec!["Add - `a + b`."]
        );
    }

    #[test]
    fn articles_become_is_a() {
        assert_eq!(
            doc_lines("Timer", Some("A named timer."), "x"),
            vec!["Timer is a named timer."]
        );
    }

    #[test]
    fn missing_docstrings_get_the_fallback() {
        assert_eq!(
            doc_lines("Echo", None, "calls echo."),
            vec!["Echo calls echo."]
        );
    }
}
