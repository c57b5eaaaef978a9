//! Go identifiers: MixedCaps with Go's initialisms, escaped keywords and predeclared names.

use heck::ToUpperCamelCase;

/// Words that Go style writes in all capitals (`JobID`, `HTTPClient`, `URL`).
const INITIALISMS: &[&str] = &[
    "ACL", "API", "ASCII", "CPU", "CSS", "DNS", "EOF", "GUID", "HTML", "HTTP", "HTTPS", "ID", "IP",
    "JSON", "LHS", "QPS", "RAM", "RHS", "RPC", "SLA", "SMTP", "SQL", "SSH", "TCP", "TLS", "TTL",
    "UDP", "UI", "UID", "UUID", "URI", "URL", "UTF8", "VM", "XML", "XMPP", "XSRF", "XSS",
];

/// Go's keywords: never usable as identifiers.
const KEYWORDS: &[&str] = &[
    "break",
    "case",
    "chan",
    "const",
    "continue",
    "default",
    "defer",
    "else",
    "fallthrough",
    "for",
    "func",
    "go",
    "goto",
    "if",
    "import",
    "interface",
    "map",
    "package",
    "range",
    "return",
    "select",
    "struct",
    "switch",
    "type",
    "var",
];

/// Predeclared identifiers, plus the names generated code itself relies on: a parameter with one
/// of these names would shadow something the function body needs.
const RESERVED_LOCALS: &[&str] = &[
    "any",
    "append",
    "bool",
    "byte",
    "cap",
    "clear",
    "close",
    "complex",
    "complex64",
    "complex128",
    "copy",
    "delete",
    "error",
    "false",
    "float32",
    "float64",
    "imag",
    "int",
    "int8",
    "int16",
    "int32",
    "int64",
    "iota",
    "len",
    "make",
    "max",
    "min",
    "new",
    "nil",
    "panic",
    "print",
    "println",
    "real",
    "recover",
    "rune",
    "string",
    "true",
    "uint",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "uintptr", // predeclared
    "C",
    "unsafe",
    "runtime",
    "errors",
    "time",
    "lifted",
    "opts",
    "retBuf",
    "retConv",
    "utf8",
    "strconv",
    "binary",
    "strings",
    "fmt",
    "math",
    "sync",
    "atomic",
    "res",
    "ctx",
    "started",
    "err",
    "w",
    "r",
    // callback exports
    "ret",
    "h",
    "lowered",
    "out",
    "status",
    "complete",
    "data",
    "callID",
    "code",
    "errBuf",
    "context",
    "buf",
    "obj",
    "handle",
    "zero", // used by generated bodies
];

/// Exported Go name for a type, function, method, field or variant: `job_id` -> `JobID`,
/// `http_client` -> `HTTPClient`, `EchoRequest` -> `EchoRequest`.
pub fn exported(name: &str) -> String {
    let camel = name.to_upper_camel_case();
    apply_initialisms(&camel)
}

/// Unexported Go name for a parameter or local: `job_id` -> `jobID`, `url` -> `url`,
/// `type` -> `type_`.
pub fn local(name: &str) -> String {
    let exported = exported(name);
    let words = split_words(&exported);
    let mut out = String::with_capacity(exported.len());
    for (i, word) in words.iter().enumerate() {
        if i == 0 {
            out.push_str(&word.to_lowercase());
        } else {
            out.push_str(word);
        }
    }
    if out.is_empty() {
        out.push('_');
    }
    escape(out)
}

/// Go name of a constructor of the Go type `go_type`: `New<Type>` for the primary one,
/// `New<Type><Name>` for the others, with a leading `new_` dropped (`with_value` ->
/// `NewTimerWithValue`, `new_from_seed` -> `NewTimerFromSeed`).
pub fn constructor(go_type: &str, rust_name: &str, is_primary: bool) -> String {
    if is_primary {
        format!("New{go_type}")
    } else {
        let stripped = rust_name.strip_prefix("new_").unwrap_or(rust_name);
        format!("New{go_type}{}", exported(stripped))
    }
}

/// Name of a Go function exported to C with `//export`. It is a global C symbol of the program, so
/// it carries the namespace, in MixedCaps like the rest: `uniffiGoTimerFutureContinuation`.
pub fn go_export(namespace: &str, rest: &str) -> String {
    format!("uniffiGo{}{rest}", exported(namespace))
}

/// Adds a trailing underscore to a name Go would not accept or that shadows what generated code uses.
fn escape(name: String) -> String {
    if KEYWORDS.contains(&name.as_str()) || RESERVED_LOCALS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// Splits an UpperCamelCase name into its words, keeping runs of capitals (initialisms) together.
fn split_words(camel: &str) -> Vec<String> {
    let chars: Vec<char> = camel.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let starts_word = c.is_uppercase()
            && !current.is_empty()
            && (!chars[i - 1].is_uppercase() || chars.get(i + 1).is_some_and(|n| n.is_lowercase()));
        if starts_word {
            words.push(std::mem::take(&mut current));
        }
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// Rewrites each word of an UpperCamelCase name that is a known initialism in capitals.
fn apply_initialisms(camel: &str) -> String {
    split_words(camel)
        .into_iter()
        .map(|word| {
            let upper = word.to_uppercase();
            if INITIALISMS.contains(&upper.as_str()) {
                upper
            } else {
                word
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exported_names_use_mixed_caps_and_initialisms() {
        assert_eq!(exported("job_id"), "JobID");
        assert_eq!(exported("http_client"), "HTTPClient");
        assert_eq!(exported("url"), "URL");
        assert_eq!(exported("user_id"), "UserID");
        assert_eq!(exported("EchoRequest"), "EchoRequest");
        assert_eq!(exported("HttpRequest"), "HTTPRequest");
        assert_eq!(exported("timer_name"), "TimerName");
        assert_eq!(exported("identity"), "Identity");
        assert_eq!(exported("ids"), "Ids");
        assert_eq!(exported("api_url_v2"), "APIURLV2");
        assert_eq!(exported("delay_ms"), "DelayMs");
    }

    #[test]
    fn constructors_are_named_after_their_type() {
        assert_eq!(constructor("Timer", "new", true), "NewTimer");
        assert_eq!(
            constructor("Timer", "with_value", false),
            "NewTimerWithValue"
        );
        assert_eq!(
            constructor("Timer", "new_from_seed", false),
            "NewTimerFromSeed"
        );
    }

    #[test]
    fn exports_carry_the_namespace_in_mixed_caps() {
        assert_eq!(
            go_export("timer", "FutureContinuation"),
            "uniffiGoTimerFutureContinuation"
        );
        assert_eq!(
            go_export("ext_base", "EchoListenerFree"),
            "uniffiGoExtBaseEchoListenerFree"
        );
    }

    #[test]
    fn locals_are_lower_camel_and_escaped() {
        assert_eq!(local("job_id"), "jobID");
        assert_eq!(local("url"), "url");
        assert_eq!(local("http_request"), "httpRequest");
        assert_eq!(local("type"), "type_");
        assert_eq!(local("func"), "func_");
        assert_eq!(local("range"), "range_");
        assert_eq!(local("string"), "string_");
        assert_eq!(local("error"), "error_");
        assert_eq!(local("delay_ms"), "delayMs");
        assert_eq!(local("request"), "request");
    }
}
