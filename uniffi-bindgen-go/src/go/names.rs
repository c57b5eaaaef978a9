//! Go identifiers: MixedCaps with Go's initialisms, escaped keywords and predeclared names.

use heck::ToUpperCamelCase;
use uniffi_bindgen::ComponentInterface;

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

/// Go's predeclared identifiers: generated bodies use them, so a parameter must not shadow them.
const PREDECLARED: &[&str] = &[
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
    "uintptr",
];

/// Packages a generated file may import; a parameter of that name would hide the package.
const PACKAGES: &[&str] = &[
    "C", "unsafe", "runtime", "errors", "time", "utf8", "strconv", "binary", "strings", "fmt",
    "math", "sync", "atomic", "context",
];

/// Locals of the wrapper that calls Rust (`templates/api/callable.go`).
const WRAPPER_LOCALS: &[&str] = &["opts", "err", "futureID", "started", "res", "lifted", "ctx"];

/// Locals and parameters of the functions Rust calls back (`templates/runtime/export.go` and
/// `callback_body.go`), where the lifted arguments live beside them.
const EXPORT_LOCALS: &[&str] = &[
    "ret", "h", "lowered", "out", "status", "complete", "data", "callID", "code", "errBuf", "buf",
    "obj", "handle", "retBuf", "retConv",
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

/// Go name of a struct field. In an error variant's struct, which declares `Error`, a field
/// named `error` (thiserror's `#[from]`/`#[source]` convention) is `Err`, as in the standard
/// library's `os.PathError`.
pub fn field(rust_name: &str, in_error: bool) -> String {
    let go = exported(rust_name);
    if in_error && go == "Error" {
        "Err".to_string()
    } else {
        go
    }
}

/// Go name of the crate's function `rust_name`: its exported name, with `Func` appended when a
/// constructor of the crate already has that name (`new_megaphone` beside `Megaphone::new`, both
/// `NewMegaphone`: the function becomes `NewMegaphoneFunc`). Constructors keep `New<Type>`,
/// which Go readers expect.
pub fn function(ci: &ComponentInterface, rust_name: &str) -> String {
    let go = exported(rust_name);
    let object_ctors = ci.object_definitions().iter().flat_map(|o| {
        // A trait's Rust implementations are the struct `Rust<Trait>`.
        let go_type = if o.is_trait_interface() {
            format!("Rust{}", exported(o.name()))
        } else {
            exported(o.name())
        };
        o.constructors()
            .into_iter()
            .map(move |c| constructor(&go_type, c.name(), c.is_primary_constructor()))
            .collect::<Vec<_>>()
    });
    let record_ctors = ci.record_definitions().iter().flat_map(|r| {
        let go_type = exported(r.name());
        r.constructors()
            .iter()
            .map(move |c| constructor(&go_type, c.name(), c.is_primary_constructor()))
            .collect::<Vec<_>>()
    });
    let enum_ctors = ci.enum_definitions().iter().flat_map(|e| {
        let go_type = exported(e.name());
        e.constructors()
            .iter()
            .map(move |c| constructor(&go_type, c.name(), c.is_primary_constructor()))
            .collect::<Vec<_>>()
    });
    let mut ctors = object_ctors.chain(record_ctors).chain(enum_ctors);
    if ctors.any(|c| c == go) {
        format!("{go}Func")
    } else {
        go
    }
}

/// Name of a Go function exported to C with `//export`. It is a global C symbol of the program, so
/// it carries the namespace, in MixedCaps like the rest: `uniffiGoTimerFutureContinuation`.
pub fn go_export(namespace: &str, rest: &str) -> String {
    format!("uniffiGo{}{rest}", exported(namespace))
}

/// Adds a trailing underscore to a name Go would not accept or that shadows what a wrapper's body
/// uses. Any other name is kept: a parameter is renamed only when it really collides.
fn escape(name: String) -> String {
    let taken = [KEYWORDS, PREDECLARED, PACKAGES, WRAPPER_LOCALS];
    if taken.iter().any(|list| list.contains(&name.as_str())) {
        format!("{name}_")
    } else {
        name
    }
}

/// The Go name of an argument inside a function Rust calls back: `local`, further escaped from
/// the names those functions use themselves.
pub fn export_local(name: &str) -> String {
    let local = local(name);
    if EXPORT_LOCALS.contains(&local.as_str()) {
        format!("{local}_")
    } else {
        local
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
