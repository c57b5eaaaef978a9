//! The `module` command: a Go module that carries the generated package and the library's
//! static archive for each platform, so that a program needs only Go and a C compiler to use it.
//!
//! ```text
//! OUT_DIR/go.mod                       module <module path>
//! OUT_DIR/<ns>.go, <ns>_runtime.go,    the generated package, at the module's root
//!         <ns>_uniffi.h
//! OUT_DIR/<ns>_link.go                 #cgo <goos>,<goarch> LDFLAGS: ${SRCDIR}/lib/<goos>_<goarch>/lib<name>.a ...
//! OUT_DIR/lib/<goos>_<goarch>/         the archive, and a Go file making the folder a package
//! ```

mod archive;
mod native_libs;
mod placement;
mod platform;

use std::collections::BTreeMap;

use anyhow::{bail, Context, Result};
use askama::Template;
use camino::{Utf8Path, Utf8PathBuf};

use uniffi_bindgen::ComponentInterface;

use crate::config::{GoConfig, LinkMode};
use crate::GenerateOptions;
pub use native_libs::host as host_native_libs;
pub use platform::{platform_and_value, Platform, PLATFORMS};

/// A static library for one platform.
#[derive(Debug, Clone)]
pub struct PlatformArchive {
    pub platform: Platform,
    pub path: Utf8PathBuf,
}

/// What the `module` command writes.
#[derive(Debug, Clone)]
pub struct ModuleOptions {
    /// Where the interface is read from: a `.udl` file or a built library.
    pub source: Utf8PathBuf,
    /// The module path of the Go module, e.g. `example.com/timer`.
    pub module_path: String,
    /// The directory that becomes the module; replaced when it holds a module this command
    /// wrote, refused when it holds anything else.
    pub out_dir: Utf8PathBuf,
    /// One static library per platform.
    pub archives: Vec<PlatformArchive>,
    /// Link flags for the system libraries of a platform, instead of asking rustc.
    pub native_libs: BTreeMap<Platform, String>,
    pub config: Option<Utf8PathBuf>,
    pub crate_filter: Option<String>,
    /// Strip debug information and LLVM bitcode from the archives.
    pub strip: bool,
    pub format: bool,
}

/// What the module holds, for the report the command prints.
#[derive(Debug, Clone)]
pub struct ModuleReport {
    pub out_dir: Utf8PathBuf,
    pub package_name: String,
    pub archives: Vec<ArchiveReport>,
    /// Total size of the module's files in bytes.
    pub module_size: u64,
}

#[derive(Debug, Clone)]
pub struct ArchiveReport {
    pub platform: Platform,
    /// Path inside the module.
    pub path: String,
    pub native_libs: String,
    pub original_size: u64,
    pub written_size: u64,
    pub not_stripped: Option<String>,
}

#[derive(Template)]
#[template(path = "module/link.go", escape = "none")]
struct LinkFile<'a> {
    /// The package also has a remote file (docs/remote.md): the link file is for cgo builds only.
    has_remote: bool,
    package_name: &'a str,
    module_path: &'a str,
    platforms: Vec<LinkLine>,
}

struct LinkLine {
    goos: &'static str,
    goarch: &'static str,
    dir: String,
    archive: String,
    native_libs: String,
}

#[derive(Template)]
#[template(path = "module/unsupported.go", escape = "none")]
struct UnsupportedFile<'a> {
    /// The remote transport needs no library, so it builds everywhere.
    has_remote: bool,
    package_name: &'a str,
    /// `(linux && amd64) || (darwin && arm64)`
    constraint: String,
    /// `linux/amd64, darwin/arm64`
    platforms: String,
    /// The undefined name the compiler reports.
    stop_name: String,
}

#[derive(Template)]
#[template(path = "module/platform.go", escape = "none")]
struct PlatformFile<'a> {
    go_package: String,
    archive: &'a str,
    platform: Platform,
    package_name: &'a str,
}

/// Writes the module and reports what it holds.
pub fn write_module(options: &ModuleOptions) -> Result<ModuleReport> {
    check_module_path(&options.module_path)?;
    let archives = checked_archives(&options.archives)?;
    for platform in options.native_libs.keys() {
        if !archives.iter().any(|a| a.platform == *platform) {
            bail!("--native-libs {platform}: no --archive is given for {platform}");
        }
    }
    let mut native = Vec::new();
    for a in &archives {
        native.push(match options.native_libs.get(&a.platform) {
            Some(flags) => flags.split_whitespace().collect::<Vec<_>>().join(" "),
            None => native_libs::from_rustc(&a.platform)?,
        });
    }

    let staging = placement::Staging::new(&options.out_dir)?;
    let module_dir = staging.module_dir();
    let package_name = generate_package(options, &staging.scratch(), &module_dir)?;
    let namespace = namespace_of(&module_dir)?;

    let mut reports = Vec::new();
    let mut lines = Vec::new();
    for (a, native_libs) in archives.iter().zip(native) {
        let dir = a.platform.dir();
        let archive = a
            .path
            .file_name()
            .with_context(|| format!("{}: not a file name", a.path))?
            .to_string();
        let folder = module_dir.join(&dir);
        std::fs::create_dir_all(&folder)
            .with_context(|| format!("{folder}: creating the platform's folder"))?;
        let copied = archive::copy(&a.path, &folder.join(&archive), options.strip)?;
        let go_file = PlatformFile {
            go_package: a.platform.go_package(),
            archive: &archive,
            platform: a.platform,
            package_name: &package_name,
        }
        .render()
        .context("rendering a platform folder's Go file")?;
        write(&folder.join("lib.go"), &go_file)?;
        lines.push(LinkLine {
            goos: a.platform.goos,
            goarch: a.platform.goarch,
            dir: dir.clone(),
            archive: archive.clone(),
            native_libs: native_libs.clone(),
        });
        reports.push(ArchiveReport {
            platform: a.platform,
            path: format!("{dir}/{archive}"),
            native_libs,
            original_size: copied.original_size,
            written_size: copied.written_size,
            not_stripped: copied.not_stripped,
        });
    }
    let has_remote = module_dir.join(format!("{namespace}_remote.go")).exists();
    let link = LinkFile {
        has_remote,
        package_name: &package_name,
        module_path: &options.module_path,
        platforms: lines,
    }
    .render()
    .context("rendering the module's link file")?;
    write(&module_dir.join(format!("{namespace}_link.go")), &link)?;
    let unsupported = unsupported_file(&package_name, &archives, has_remote)
        .render()
        .context("rendering the module's file for other platforms")?;
    write(
        &module_dir.join(format!("{namespace}_unsupported.go")),
        &unsupported,
    )?;
    if options.format {
        crate::output::gofmt(&module_dir)?;
    }
    let module_size = placement::total_size(&module_dir)?;
    staging.place()?;
    Ok(ModuleReport {
        out_dir: options.out_dir.clone(),
        package_name,
        archives: reports,
        module_size,
    })
}

/// The file built only on the platforms the module has no library for.
fn unsupported_file<'a>(
    package_name: &'a str,
    archives: &[PlatformArchive],
    has_remote: bool,
) -> UnsupportedFile<'a> {
    let each: Vec<String> = archives
        .iter()
        .map(|a| format!("{} && {}", a.platform.goos, a.platform.goarch))
        .collect();
    // As gofmt prints it: parentheses around each platform only when there are several.
    let constraint = match each.as_slice() {
        [one] => one.clone(),
        many => many
            .iter()
            .map(|c| format!("({c})"))
            .collect::<Vec<_>>()
            .join(" || "),
    };
    let platforms = archives
        .iter()
        .map(|a| a.platform.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let only = archives
        .iter()
        .map(|a| format!("{}_{}", a.platform.goos, a.platform.goarch))
        .collect::<Vec<_>>()
        .join("_or_");
    UnsupportedFile {
        has_remote,
        package_name,
        constraint,
        platforms,
        stop_name: format!("uniffiThisModuleHasALibraryOnlyFor_{only}"),
    }
}

/// Generates the package into `scratch` and moves its files to the root of `module_dir`.
/// Returns the package's name.
fn generate_package(
    options: &ModuleOptions,
    scratch: &Utf8Path,
    module_dir: &Utf8Path,
) -> Result<String> {
    let generate = GenerateOptions {
        source: options.source.clone(),
        out_dir: scratch.to_owned(),
        config: options.config.clone(),
        crate_filter: options.crate_filter.clone(),
        format: options.format,
    };
    let module_path = options.module_path.clone();
    let chosen = options.crate_filter.clone();
    let adjust = |ci: &ComponentInterface, config: &mut GoConfig| -> Result<()> {
        let krate = ci.crate_name();
        if chosen.as_deref().is_some_and(|c| c != krate) {
            return Ok(());
        }
        if let Some(other) = ci.iter_external_types().find_map(|t| {
            t.module_path()
                .map(|m| m.split("::").next().unwrap_or(m).to_string())
        }) {
            bail!(
                "crate `{krate}` uses types of crate `{other}`: a module carries the package of one crate, and `module` does not yet write packages that import another crate's"
            );
        }
        config.module_path = Some(module_path.clone());
        config.import_path = None;
        config.link_mode = Some(LinkMode::None);
        config.library_dir = None;
        Ok(())
    };
    let written = crate::generate_with(&generate, &adjust)?;
    let mut packages: Vec<String> = written
        .iter()
        .filter_map(|p| p.strip_prefix(scratch).ok()?.components().next())
        .map(|c| c.as_str().to_string())
        .collect();
    packages.sort();
    packages.dedup();
    let [package] = packages.as_slice() else {
        bail!(
            "{}: holds the packages {}; a module carries one: choose its crate with --crate",
            options.source,
            packages.join(", ")
        );
    };
    std::fs::create_dir_all(module_dir)
        .with_context(|| format!("{module_dir}: creating the module's directory"))?;
    for file in &written {
        let name = file
            .file_name()
            .context("a generated file without a name")?;
        std::fs::rename(file, module_dir.join(name))
            .with_context(|| format!("{file}: moving it into the module"))?;
    }
    Ok(package.clone())
}

/// The namespace, from the runtime file `<namespace>_runtime.go` of the package.
fn namespace_of(module_dir: &Utf8Path) -> Result<String> {
    for entry in module_dir
        .read_dir_utf8()
        .with_context(|| format!("{module_dir}: listing the module"))?
    {
        let entry = entry.with_context(|| format!("{module_dir}: listing the module"))?;
        if let Some(ns) = entry.file_name().strip_suffix("_runtime.go") {
            return Ok(ns.to_string());
        }
    }
    bail!("{module_dir}: the generated package has no runtime file")
}

/// Writes a rendered Go file, ending with the newline askama leaves out.
fn write(path: &Utf8Path, text: &str) -> Result<()> {
    let text = format!("{}\n", text.trim_end());
    std::fs::write(path, text).with_context(|| format!("{path}: writing it"))
}

/// The archives, each existing and each platform once.
fn checked_archives(archives: &[PlatformArchive]) -> Result<Vec<PlatformArchive>> {
    if archives.is_empty() {
        bail!("no --archive given: a module needs the static library of at least one platform, e.g. --archive linux/amd64=target/release/libNAME.a");
    }
    let mut seen = BTreeMap::new();
    for a in archives {
        if let Some(first) = seen.insert(a.platform, &a.path) {
            bail!(
                "--archive {}: given twice ({first} and {})",
                a.platform,
                a.path
            );
        }
        if !a.path.is_file() {
            bail!("--archive {}={}: no such file", a.platform, a.path);
        }
        if a.path.extension() != Some("a") {
            bail!(
                "--archive {}={}: expected a static library (.a, crate-type \"staticlib\")",
                a.platform,
                a.path
            );
        }
    }
    Ok(archives.to_vec())
}

/// A module path `go get` accepts: slash-separated elements of letters, digits and `-._~`,
/// the first holding a dot (a domain name).
fn check_module_path(path: &str) -> Result<()> {
    let elements: Vec<&str> = path.split('/').collect();
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~".contains(c);
    let bad_element = elements.iter().find(|e| {
        e.is_empty() || e.starts_with('.') || e.ends_with('.') || !e.chars().all(allowed)
    });
    if let Some(e) = bad_element {
        bail!("--module-path {path}: `{e}` is not a valid path element (letters, digits and -._~, not starting or ending with a dot)");
    }
    if !elements[0].contains('.') {
        bail!("--module-path {path}: the first element must be a domain name (with a dot), e.g. example.com/{path}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_paths_are_checked_like_go_does() {
        assert!(check_module_path("example.com/timer").is_ok());
        assert!(check_module_path("github.com/a-b/c_d.go").is_ok());
        let err = check_module_path("timer").unwrap_err().to_string();
        assert!(err.contains("domain name"), "{err}");
        let err = check_module_path("example.com//x").unwrap_err().to_string();
        assert!(err.contains("not a valid path element"), "{err}");
        assert!(check_module_path("example.com/a b").is_err());
    }

    #[test]
    fn archives_must_exist_be_static_and_name_each_platform_once() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = Utf8Path::from_path(tmp.path()).unwrap();
        std::fs::write(dir.join("libx.a"), b"").unwrap();
        std::fs::write(dir.join("libx.so"), b"").unwrap();
        let linux: Platform = "linux/amd64".parse().unwrap();
        let a = |p: &str| PlatformArchive {
            platform: linux,
            path: dir.join(p),
        };
        assert!(checked_archives(&[a("libx.a")]).is_ok());
        let err = checked_archives(&[]).unwrap_err().to_string();
        assert!(err.contains("no --archive"), "{err}");
        let err = checked_archives(&[a("libx.a"), a("libx.a")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("given twice"), "{err}");
        let err = checked_archives(&[a("libx.so")]).unwrap_err().to_string();
        assert!(err.contains("expected a static library"), "{err}");
        let err = checked_archives(&[a("libnone.a")]).unwrap_err().to_string();
        assert!(err.contains("no such file"), "{err}");
    }
}
