//! Doc comments: uniffi docstrings as Go doc comments, by fixed rules and without rewording.
//!
//! - The docstring is kept as written. When it already begins with the item's Rust or Go name
//!   (followed by a space), that name becomes the Go name. Otherwise the comment opens with a
//!   generated sentence of a fixed form per kind of item that starts with the Go name ("Echo
//!   calls the Rust method echo of [Timer]."), then an empty line, then the docstring. Either
//!   way the comment starts with "Name ", as Go's linters want.
//! - A Rust name in backticks that names an item of the package becomes a Go doc link:
//!   `Timer` -> [Timer], `Timer::echo` -> [Timer.Echo], `TimerError::HostFailed` ->
//!   [TimerErrorHostFailed], and `echo` in the doc of another method of `Timer` -> [Timer.Echo].
//!   A backticked argument name of the documented callable becomes the Go parameter's name
//!   (`delay_ms` -> `delayMs`). Any other backticked text stays as it is.

use std::collections::BTreeMap;

use uniffi_bindgen::interface::{Constructor, Method, Type};
use uniffi_bindgen::ComponentInterface;

use super::{names, types::TypeOracle};

/// Where the Rust names of a package's items lead in Go: the targets of doc links.
#[derive(Default, Clone, Debug)]
pub struct Links {
    /// Rust type name -> Go type name.
    types: BTreeMap<String, String>,
    /// Rust function name -> Go function name.
    functions: BTreeMap<String, String>,
    /// (Rust type, Rust member) -> Go link target, for methods, constructors and variants.
    members: BTreeMap<(String, String), String>,
}

impl Links {
    /// The links of every item of `ci`, named as the generator names them.
    pub fn of(ci: &ComponentInterface, types: &TypeOracle<'_>) -> Self {
        let mut links = Links::default();
        for f in ci.function_definitions() {
            links.add_function(f.name(), &names::function(ci, f.name()));
        }
        for obj in ci.object_definitions() {
            let go = names::exported(obj.name());
            links.add_type(obj.name(), &go);
            // The constructors of a trait's Rust implementations are named after that struct.
            let struct_name = if obj.is_trait_interface() {
                format!("Rust{go}")
            } else {
                go.clone()
            };
            links.add_constructors(obj.name(), &struct_name, obj.constructors());
            links.add_methods(obj.name(), &go, obj.methods(), false);
        }
        for r in ci.record_definitions() {
            let go = names::exported(r.name());
            links.add_type(r.name(), &go);
            links.add_constructors(r.name(), &go, r.constructors().iter());
            links.add_methods(r.name(), &go, r.methods().iter(), false);
        }
        for e in ci.enum_definitions() {
            let go = names::exported(e.name());
            links.add_type(e.name(), &go);
            for v in e.variants() {
                links.add_member(
                    e.name(),
                    v.name(),
                    format!("{go}{}", names::exported(v.name())),
                );
            }
            links.add_constructors(e.name(), &go, e.constructors().iter());
            // Go declares no methods on interfaces: their methods are functions `<Type><Method>`.
            let is_interface = !e.is_flat() || ci.is_name_used_as_error(e.name());
            links.add_methods(e.name(), &go, e.methods().iter(), is_interface);
        }
        for cbi in ci.callback_interface_definitions() {
            let go = names::exported(cbi.name());
            links.add_type(cbi.name(), &go);
            links.add_methods(cbi.name(), &go, cbi.methods(), false);
        }
        for ty in ci.iter_local_types() {
            if let Type::Custom { name, .. } = ty {
                if types.configured_custom(ty).is_none() {
                    links.add_type(name, &names::exported(name));
                }
            }
        }
        links
    }

    fn add_type(&mut self, rust: &str, go: &str) {
        self.types
            .entry(rust.to_string())
            .or_insert_with(|| go.to_string());
    }

    fn add_function(&mut self, rust: &str, go: &str) {
        self.functions
            .entry(rust.to_string())
            .or_insert_with(|| go.to_string());
    }

    fn add_member(&mut self, owner: &str, member: &str, target: String) {
        self.members
            .entry((owner.to_string(), member.to_string()))
            .or_insert(target);
    }

    fn add_constructors<'a>(
        &mut self,
        owner: &str,
        go_struct: &str,
        ctors: impl IntoIterator<Item = &'a Constructor>,
    ) {
        for c in ctors {
            let go = names::constructor(go_struct, c.name(), c.is_primary_constructor());
            self.add_member(owner, c.name(), go);
        }
    }

    fn add_methods<'a>(
        &mut self,
        owner: &str,
        go_type: &str,
        methods: impl IntoIterator<Item = &'a Method>,
        as_functions: bool,
    ) {
        for m in methods {
            let go = names::exported(m.name());
            let target = if as_functions {
                format!("{go_type}{go}")
            } else {
                format!("{go_type}.{go}")
            };
            self.add_member(owner, m.name(), target);
        }
    }

    /// The Go doc link for backticked text, if it names an item: `Type`, `function`,
    /// `Type::member`, `Self::member`, or a bare member of `owner`. A trailing `()` is allowed.
    fn resolve(&self, text: &str, owner: Option<&str>) -> Option<String> {
        let name = text.strip_suffix("()").unwrap_or(text);
        if let Some((head, member)) = name.split_once("::") {
            let head = match (head, owner) {
                ("Self", Some(owner)) => owner,
                _ => head,
            };
            return self
                .members
                .get(&(head.to_string(), member.to_string()))
                .cloned();
        }
        owner
            .and_then(|o| self.members.get(&(o.to_string(), name.to_string())))
            .or_else(|| self.types.get(name))
            .or_else(|| self.functions.get(name))
            .cloned()
    }
}

/// What a doc comment documents.
pub struct Item<'a> {
    /// The Go identifier the comment starts with.
    pub go_name: &'a str,
    /// The Rust name, which a docstring may start with instead of the Go name.
    pub rust_name: &'a str,
    /// The sentence after the Go name when the docstring does not start with a name, or when
    /// there is no docstring: "calls the Rust function version."
    pub intro: String,
    /// The Rust type whose members bare backticked names refer to first (a method's type, an
    /// enum's variants).
    pub owner: Option<&'a str>,
    /// Rust argument names and the Go parameter names they became.
    pub args: &'a [(String, String)],
}

impl<'a> Item<'a> {
    pub fn new(go_name: &'a str, rust_name: &'a str, intro: impl Into<String>) -> Self {
        Item {
            go_name,
            rust_name,
            intro: intro.into(),
            owner: None,
            args: &[],
        }
    }

    pub fn owner(mut self, owner: &'a str) -> Self {
        self.owner = Some(owner);
        self
    }

    pub fn args(mut self, args: &'a [(String, String)]) -> Self {
        self.args = args;
        self
    }
}

impl Links {
    /// The comment lines (without `// `) for an item that always has a doc comment.
    pub fn item_lines(&self, item: &Item<'_>, docstring: Option<&str>) -> Vec<String> {
        let mut lines: Vec<String> = docstring_lines(docstring)
            .iter()
            .map(|l| linkify(self, l, item.owner, item.args))
            .collect();
        let intro = format!("{} {}", item.go_name, item.intro);
        let Some(first) = lines.first_mut() else {
            return vec![intro];
        };
        let rest = [item.go_name, item.rust_name]
            .iter()
            .find_map(|name| first.strip_prefix(&format!("{name} ")));
        match rest {
            Some(rest) => *first = format!("{} {rest}", item.go_name),
            None => {
                lines.insert(0, intro);
                lines.insert(1, String::new());
            }
        }
        lines
    }

    /// The comment lines for a field or constant in a group: the docstring with its links, or
    /// none.
    pub fn plain_lines(&self, docstring: Option<&str>, owner: Option<&str>) -> Vec<String> {
        docstring_lines(docstring)
            .iter()
            .map(|l| linkify(self, l, owner, &[]))
            .collect()
    }

    /// Like `item_lines`, but only when there is a docstring: constants of a group need no
    /// comment.
    pub fn optional_item_lines(&self, item: &Item<'_>, docstring: Option<&str>) -> Vec<String> {
        if docstring_lines(docstring).is_empty() {
            Vec::new()
        } else {
            self.item_lines(item, docstring)
        }
    }
}

fn docstring_lines(docstring: Option<&str>) -> Vec<String> {
    let Some(text) = docstring.map(str::trim).filter(|d| !d.is_empty()) else {
        return Vec::new();
    };
    text.lines().map(|l| l.trim_end().to_string()).collect()
}

/// Replaces the backticked names in one line by what they are called in Go.
fn linkify(links: &Links, line: &str, owner: Option<&str>, args: &[(String, String)]) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        let Some(len) = rest[start + 1..].find('`') else {
            break;
        };
        let inner = &rest[start + 1..start + 1 + len];
        out.push_str(&rest[..start]);
        if let Some((_, go)) = args.iter().find(|(rust, _)| rust == inner) {
            out.push_str(&format!("`{go}`"));
        } else if let Some(target) = links.resolve(inner, owner) {
            out.push_str(&format!("[{target}]"));
        } else {
            out.push_str(&rest[start..start + len + 2]);
        }
        rest = &rest[start + len + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timer_links() -> Links {
        let mut links = Links::default();
        links.add_type("Timer", "Timer");
        links.add_type("TimerError", "TimerError");
        links.add_type("EchoRequest", "EchoRequest");
        links.add_function("use_token", "UseToken");
        links.add_member("Timer", "echo", "Timer.Echo".into());
        links.add_member("Timer", "echo_async", "Timer.EchoAsync".into());
        links.add_member("Timer", "new", "NewTimer".into());
        links.add_member("TimerError", "InvalidJob", "TimerErrorInvalidJob".into());
        links
    }

    fn lines(item: &Item<'_>, doc: Option<&str>) -> Vec<String> {
        timer_links().item_lines(item, doc)
    }

    #[test]
    fn a_docstring_not_starting_with_the_name_follows_the_generated_sentence() {
        let item = Item::new(
            "HostErrorFailed",
            "Failed",
            "is the Failed variant of [HostError].",
        );
        assert_eq!(
            lines(
                &item,
                Some("The host could not do what was asked.\nSecond line.")
            ),
            vec![
                "HostErrorFailed is the Failed variant of [HostError].",
                "",
                "The host could not do what was asked.",
                "Second line.",
            ]
        );
    }

    #[test]
    fn a_missing_docstring_gives_the_generated_sentence_alone() {
        let item = Item::new("Version", "version", "calls the Rust function version.");
        assert_eq!(
            lines(&item, None),
            vec!["Version calls the Rust function version."]
        );
        assert_eq!(
            lines(&item, Some("  \n ")),
            vec!["Version calls the Rust function version."]
        );
    }

    #[test]
    fn a_docstring_starting_with_the_rust_name_starts_with_the_go_name() {
        let item = Item::new(
            "EchoAsync",
            "echo_async",
            "calls the Rust method echo_async.",
        );
        assert_eq!(
            lines(&item, Some("echo_async waits without blocking.")),
            vec!["EchoAsync waits without blocking."]
        );
    }

    #[test]
    fn a_docstring_starting_with_the_go_name_is_kept() {
        let item = Item::new("Timer", "Timer", "is the Rust object Timer.");
        assert_eq!(
            lines(&item, Some("Timer echoes messages.")),
            vec!["Timer echoes messages."]
        );
        // The name must be a word of its own: "Timers" is not "Timer".
        assert_eq!(
            lines(&item, Some("Timers echo messages.")),
            vec![
                "Timer is the Rust object Timer.",
                "",
                "Timers echo messages."
            ]
        );
    }

    #[test]
    fn backticked_items_become_doc_links() {
        let item = Item::new("Run", "run", "calls the Rust function run.");
        assert_eq!(
            lines(
                &item,
                Some("Uses a `Timer`, `Timer::echo()`, `use_token` and `TimerError::InvalidJob`.")
            ),
            vec![
                "Run calls the Rust function run.",
                "",
                "Uses a [Timer], [Timer.Echo], [UseToken] and [TimerErrorInvalidJob].",
            ]
        );
    }

    #[test]
    fn bare_members_resolve_in_their_owner() {
        let item = Item::new(
            "EchoAsync",
            "echo_async",
            "calls the Rust method echo_async of [Timer].",
        )
        .owner("Timer");
        assert_eq!(
            lines(&item, Some("Like `echo`, but `Self::new` and `new`.")),
            vec![
                "EchoAsync calls the Rust method echo_async of [Timer].",
                "",
                "Like [Timer.Echo], but [NewTimer] and [NewTimer].",
            ]
        );
        // Without an owner, `echo` names nothing of the package.
        let free = Item::new("F", "f", "calls the Rust function f.");
        assert_eq!(lines(&free, Some("Like `echo`."))[2], "Like `echo`.");
    }

    #[test]
    fn backticked_arguments_take_their_go_names() {
        let args = [
            ("delay_ms".to_string(), "delayMs".to_string()),
            ("timer".to_string(), "timer".to_string()),
        ];
        let item = Item::new("Wait", "wait", "calls the Rust function wait.").args(&args);
        // An argument's name wins over a type of the same name.
        assert_eq!(
            lines(&item, Some("Waits `delay_ms` on `timer`, not `Timer`."))[2],
            "Waits `delayMs` on `timer`, not [Timer]."
        );
    }

    #[test]
    fn other_backticked_text_stays() {
        let item = Item::new("F", "f", "calls the Rust function f.");
        assert_eq!(
            lines(&item, Some("Returns `a + b`, `Unknown::thing` or `x"))[2],
            "Returns `a + b`, `Unknown::thing` or `x"
        );
    }

    #[test]
    fn fields_and_constants_keep_their_docstring_with_links() {
        let links = timer_links();
        assert_eq!(
            links.plain_lines(Some("Sent to a `Timer`.\nMore."), None),
            vec!["Sent to a [Timer].", "More."]
        );
        assert!(links.plain_lines(None, None).is_empty());
        let item = Item::new(
            "WeekdayMonday",
            "Monday",
            "is the Monday variant of [Weekday].",
        );
        assert!(links.optional_item_lines(&item, None).is_empty());
        assert_eq!(
            links.optional_item_lines(&item, Some("Monday comes first.")),
            vec!["WeekdayMonday comes first."]
        );
    }
}
