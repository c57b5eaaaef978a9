//! The library being served: loaded with `dlopen`, its uniffi interface read as the generator's
//! library mode reads it, and a table of every FFI function the host may call.

use std::collections::{BTreeSet, HashMap};

use anyhow::{bail, Context, Result};
use camino::Utf8Path;
use libffi::middle::{Cif, Type as CType};
use uniffi_bindgen::interface::ffi::{FfiCallbackFunction, FfiFunction, FfiType};
use uniffi_bindgen::interface::{AsType, Callable, ComponentInterface, Method, Type, UniffiTrait};

use crate::ffi::{
    crosses, libffi_type, AllocFn, ForeignBytes, FreeBufferFn, FromBytesFn, HandleFn,
    ObjectCloneFn, ObjectFreeFn, PollFn, RustBuffer, RustCallStatus, SharedCif,
};

/// The contract version of uniffi 0.32's scaffolding.
pub const CONTRACT_VERSION: u32 = 30;

/// One crate of the library: its namespace's buffer functions.
pub struct Component {
    pub crate_name: String,
    pub alloc: AllocFn,
    pub from_bytes: FromBytesFn,
    pub free_buffer: FreeBufferFn,
}

/// An object type: what frees a handle of it, and whether the client may hold handles of its
/// own (odd ones) for it.
pub struct ObjectInfo {
    pub name: String,
    pub free: ObjectFreeFn,
    /// Clones a handle the client lends for one call (see `Own::Lent`).
    pub clone: ObjectCloneFn,
    pub foreign: bool,
}

/// What a value means for the accounting of object handles.
#[derive(Clone, Debug)]
pub enum Own {
    /// Nothing to count.
    No,
    /// An object handle (an index into `Library::objects`).
    Object(usize),
    /// An object handle the client lends for the call: a method's receiver, or an argument of an
    /// object type only Rust implements. The client keeps it; the host clones it for Rust, as
    /// the cgo transport's C helper does, which saves the client a round trip per call.
    Lent(usize),
    /// A buffer whose contents hold object handles, read with this type.
    Nested(Type),
}

pub struct AsyncFns {
    pub poll: PollFn,
    pub cancel: HandleFn,
    pub free: HandleFn,
    /// The `rust_future_complete_*` function, an index into `Library::functions`.
    pub complete: usize,
}

pub enum FnKind {
    Plain,
    /// An object's `clone`: its handle argument is borrowed, not handed over.
    Clone,
    Async(AsyncFns),
    /// An `init_callback_vtable_*` function, for the vtable with this index.
    InitVtable(usize),
}

/// One C function of the library and everything needed to call it.
pub struct FnSig {
    pub name: String,
    pub code: usize,
    pub cif: SharedCif,
    /// The arguments without the trailing `RustCallStatus*`.
    pub args: Vec<FfiType>,
    pub ret: Option<FfiType>,
    pub has_status: bool,
    pub component: usize,
    pub kind: FnKind,
    pub arg_own: Vec<Own>,
    pub ret_own: Own,
    pub err_own: Own,
    /// False for the buffer and future helpers, which only the host calls.
    pub client_callable: bool,
}

/// One method of a vtable as Rust calls it.
pub struct VMethod {
    pub name: String,
    /// The interface arguments after the handle.
    pub args: Vec<FfiType>,
    pub arg_own: Vec<Own>,
    pub ret: Option<FfiType>,
    pub ret_own: Own,
    pub is_async: bool,
    /// The full C signature of the vtable entry.
    pub callback: FfiCallbackFunction,
}

pub struct VtableDef {
    pub name: String,
    pub init_fn: usize,
    pub component: usize,
    pub methods: Vec<VMethod>,
}

pub struct Library {
    pub path: String,
    pub components: Vec<Component>,
    pub objects: Vec<ObjectInfo>,
    pub functions: Vec<FnSig>,
    pub by_name: HashMap<String, usize>,
    pub vtables: Vec<VtableDef>,
    pub cis: Vec<ComponentInterface>,
    /// (crate, object name) to an index into `objects`.
    pub object_index: HashMap<(String, String), usize>,
    // Last: the library stays loaded for as long as anything above may point into it.
    _lib: libloading::Library,
}

impl Library {
    pub fn load(path: &Utf8Path) -> Result<Library> {
        let cis = uniffi_bindgen_go::load_library_interfaces(path)
            .with_context(|| format!("{path}: reading the library's uniffi interface"))?;
        if cis.is_empty() {
            bail!("{path}: the library has no uniffi components");
        }
        let lib = unsafe { libloading::Library::new(path.as_std_path()) }
            .with_context(|| format!("{path}: cannot load the library"))?;
        let sym = |name: &str| -> Result<usize> {
            let s: libloading::Symbol<unsafe extern "C" fn()> = unsafe { lib.get(name.as_bytes()) }
                .with_context(|| format!("{path}: the library does not export `{name}`"))?;
            Ok(*s as usize)
        };

        let mut out = Library {
            path: path.to_string(),
            components: Vec::new(),
            objects: Vec::new(),
            functions: Vec::new(),
            by_name: HashMap::new(),
            vtables: Vec::new(),
            cis: Vec::new(),
            object_index: HashMap::new(),
            _lib: unsafe { libloading::Library::new(path.as_std_path()) }?,
        };
        let mut object_index: HashMap<(String, String), usize> = HashMap::new();

        for ci in &cis {
            let contract = ci.ffi_uniffi_contract_version();
            let version = unsafe {
                std::mem::transmute::<usize, unsafe extern "C" fn() -> u32>(sym(contract.name())?)()
            };
            if version != CONTRACT_VERSION {
                bail!(
                    "{path}: `{}` returned {version}, but this host speaks uniffi contract version {CONTRACT_VERSION} (uniffi 0.32)",
                    contract.name()
                );
            }
            unsafe {
                out.components.push(Component {
                    crate_name: ci.crate_name().to_string(),
                    alloc: std::mem::transmute::<usize, AllocFn>(sym(ci
                        .ffi_rustbuffer_alloc()
                        .name())?),
                    from_bytes: std::mem::transmute::<usize, FromBytesFn>(sym(ci
                        .ffi_rustbuffer_from_bytes()
                        .name())?),
                    free_buffer: std::mem::transmute::<usize, FreeBufferFn>(sym(ci
                        .ffi_rustbuffer_free()
                        .name())?),
                });
            }
            for o in ci.object_definitions() {
                let free = sym(o.ffi_object_free().name())?;
                let clone = sym(o.ffi_object_clone().name())?;
                object_index.insert(
                    (ci.crate_name().to_string(), o.name().to_string()),
                    out.objects.len(),
                );
                out.objects.push(ObjectInfo {
                    name: o.name().to_string(),
                    free: unsafe { std::mem::transmute::<usize, ObjectFreeFn>(free) },
                    clone: unsafe { std::mem::transmute::<usize, ObjectCloneFn>(clone) },
                    foreign: o.has_callback_interface(),
                });
            }
        }

        for (c, ci) in cis.iter().enumerate() {
            let helpers: BTreeSet<String> = ci
                .iter_rust_buffer_ffi_function_definitions()
                .chain(ci.iter_futures_ffi_function_definitions())
                .map(|f| f.name().to_string())
                .collect();
            for f in ci.iter_ffi_function_definitions() {
                if out.by_name.contains_key(f.name()) {
                    continue;
                }
                // A symbol the metadata names but the library lacks is refused at HELLO.
                let Ok(code) = sym(f.name()) else { continue };
                let sig = make_sig(&f, code, c, !helpers.contains(f.name()));
                out.by_name
                    .insert(f.name().to_string(), out.functions.len());
                out.functions.push(sig);
            }
        }

        // What each callable's arguments and results are, for the accounting of objects.
        let own = |t: &Type| own_of(t, &object_index, &cis);
        for ci in &cis {
            let mut callables: Vec<(&dyn Callable, Option<Type>)> = Vec::new();
            for f in ci.function_definitions() {
                callables.push((f, None));
            }
            for o in ci.object_definitions() {
                for ctor in o.constructors() {
                    callables.push((ctor, None));
                }
                for m in o.methods() {
                    callables.push((m, m.self_type()));
                }
                for ut in o.uniffi_traits() {
                    for m in trait_methods(ut) {
                        callables.push((m, m.self_type()));
                    }
                }
            }
            for r in ci.record_definitions() {
                for ctor in r.constructors() {
                    callables.push((ctor, None));
                }
                for m in r.methods() {
                    callables.push((m, m.self_type()));
                }
            }
            for e in ci.enum_definitions() {
                for ctor in e.constructors() {
                    callables.push((ctor, None));
                }
                for m in e.methods() {
                    callables.push((m, m.self_type()));
                }
            }
            for (callable, receiver) in callables {
                let Some(&index) = out.by_name.get(callable.ffi_func().name()) else {
                    continue;
                };
                // Receivers are lent; so are arguments of objects only Rust implements. Handles
                // of traits the client may implement are handed over (the client makes one for
                // its own implementations, and clones Rust's).
                let lend = |o: Own| match o {
                    Own::Object(i) => Own::Lent(i),
                    other => other,
                };
                let mut arg_own: Vec<Own> = receiver.iter().map(|t| lend(own(t))).collect();
                arg_own.extend(
                    callable
                        .arguments()
                        .iter()
                        .map(|a| match own(&a.as_type()) {
                            Own::Object(i) if !out.objects[i].foreign => Own::Lent(i),
                            other => other,
                        }),
                );
                let ret_own = callable.return_type().map(own).unwrap_or(Own::No);
                let err_own = callable.throws_type().map(own).unwrap_or(Own::No);
                let kind = if callable.is_async() {
                    let complete = ci
                        .ffi_rust_future_complete(callable.return_type().map(Into::into))
                        .name()
                        .to_string();
                    let helper = |name: String| -> Result<usize> { sym(&name) };
                    unsafe {
                        FnKind::Async(AsyncFns {
                            poll: std::mem::transmute::<usize, PollFn>(helper(
                                callable.ffi_rust_future_poll(ci),
                            )?),
                            cancel: std::mem::transmute::<usize, HandleFn>(helper(
                                callable.ffi_rust_future_cancel(ci),
                            )?),
                            free: std::mem::transmute::<usize, HandleFn>(helper(
                                callable.ffi_rust_future_free(ci),
                            )?),
                            complete: *out.by_name.get(&complete).with_context(|| {
                                format!("{path}: the library does not export `{complete}`")
                            })?,
                        })
                    }
                } else {
                    FnKind::Plain
                };
                let sig = &mut out.functions[index];
                if arg_own.len() == sig.args.len() {
                    sig.arg_own = arg_own;
                }
                sig.ret_own = ret_own;
                sig.err_own = err_own;
                sig.kind = kind;
            }

            for o in ci.object_definitions() {
                let obj = object_index[&(ci.crate_name().to_string(), o.name().to_string())];
                if let Some(&i) = out.by_name.get(o.ffi_object_clone().name()) {
                    let sig = &mut out.functions[i];
                    sig.kind = FnKind::Clone;
                    sig.arg_own = vec![Own::Object(obj)];
                    sig.ret_own = Own::Object(obj);
                }
                if let Some(&i) = out.by_name.get(o.ffi_object_free().name()) {
                    out.functions[i].arg_own = vec![Own::Object(obj)];
                }
            }

            // Vtables: callback interfaces, and traits the client may implement.
            let mut vtables = Vec::new();
            for cbi in ci.callback_interface_definitions() {
                vtables.push((
                    cbi.name().to_string(),
                    cbi.ffi_init_callback().name().to_string(),
                    cbi.vtable_methods(),
                ));
            }
            for o in ci.object_definitions() {
                if o.has_callback_interface() {
                    vtables.push((
                        o.name().to_string(),
                        o.ffi_init_callback().name().to_string(),
                        o.vtable_methods(),
                    ));
                }
            }
            let component = cis
                .iter()
                .position(|c| c.crate_name() == ci.crate_name())
                .unwrap();
            for (name, init, methods) in vtables {
                let Some(&init_fn) = out.by_name.get(&init) else {
                    continue;
                };
                let methods = methods
                    .into_iter()
                    .map(|(callback, method)| VMethod {
                        name: method.name().to_string(),
                        args: method
                            .arguments()
                            .iter()
                            .map(|a| FfiType::from(a.as_type()))
                            .collect(),
                        arg_own: method
                            .arguments()
                            .iter()
                            .map(|a| own(&a.as_type()))
                            .collect(),
                        ret: method.return_type().map(FfiType::from),
                        ret_own: method.return_type().map(own).unwrap_or(Own::No),
                        is_async: method.is_async(),
                        callback,
                    })
                    .collect();
                out.functions[init_fn].kind = FnKind::InitVtable(out.vtables.len());
                out.vtables.push(VtableDef {
                    name,
                    init_fn,
                    component,
                    methods,
                });
            }
        }
        // Only functions whose values all cross in frames can be called by clients.
        for sig in &mut out.functions {
            let crossing = sig.args.iter().all(crosses) && sig.ret.iter().all(crosses);
            if !crossing && !matches!(sig.kind, FnKind::InitVtable(_)) {
                sig.client_callable = false;
            }
        }
        drop(lib);
        out.cis = cis;
        out.object_index = object_index;
        Ok(out)
    }

    /// A new RustBuffer (of a component's namespace) holding a copy of `bytes`.
    pub fn new_buffer(&self, component: usize, bytes: &[u8]) -> Result<RustBuffer, String> {
        let mut status = RustCallStatus::default();
        let buf = unsafe {
            (self.components[component].from_bytes)(
                ForeignBytes {
                    len: bytes.len() as i32,
                    data: bytes.as_ptr(),
                },
                &mut status,
            )
        };
        if status.code != 0 {
            self.free_buffer(component, status.error_buf);
            return Err("the library could not allocate a buffer".into());
        }
        Ok(buf)
    }

    pub fn free_buffer(&self, component: usize, buf: RustBuffer) {
        if buf.data.is_null() {
            return;
        }
        let mut status = RustCallStatus::default();
        unsafe { (self.components[component].free_buffer)(buf, &mut status) };
    }

    /// The object type of a handle found in a buffer.
    pub fn object_of(&self, crate_name: &str, name: &str) -> Option<usize> {
        self.object_index
            .get(&(crate_name.to_string(), name.to_string()))
            .copied()
    }
}

fn trait_methods(ut: &UniffiTrait) -> Vec<&Method> {
    match ut {
        UniffiTrait::Debug { fmt } | UniffiTrait::Display { fmt } => vec![fmt],
        UniffiTrait::Hash { hash } => vec![hash],
        UniffiTrait::Ord { cmp } => vec![cmp],
        UniffiTrait::Eq { eq, ne } => vec![eq, ne],
    }
}

fn make_sig(f: &FfiFunction, code: usize, component: usize, client_callable: bool) -> FnSig {
    let args: Vec<FfiType> = f.arguments().iter().map(|a| a.type_()).collect();
    let ret = f.return_type().cloned();
    let mut ctypes: Vec<CType> = args.iter().map(libffi_type).collect();
    if f.has_rust_call_status_arg() {
        ctypes.push(CType::pointer());
    }
    let cret = ret.as_ref().map(libffi_type).unwrap_or_else(CType::void);
    FnSig {
        name: f.name().to_string(),
        code,
        cif: SharedCif(Cif::new(ctypes, cret)),
        arg_own: vec![Own::No; args.len()],
        args,
        ret,
        has_status: f.has_rust_call_status_arg(),
        component,
        kind: FnKind::Plain,
        ret_own: Own::No,
        err_own: Own::No,
        client_callable,
    }
}

/// How a value of a type is accounted: an object handle, a buffer holding some, or nothing.
fn own_of(t: &Type, objects: &HashMap<(String, String), usize>, cis: &[ComponentInterface]) -> Own {
    match t {
        Type::Object {
            module_path, name, ..
        } => {
            let crate_name = module_path.split("::").next().unwrap_or_default();
            match objects.get(&(crate_name.to_string(), name.clone())) {
                Some(&i) => Own::Object(i),
                None => Own::No,
            }
        }
        Type::Box { inner_type } => own_of(inner_type, objects, cis),
        _ => {
            if crate::nested::holds_objects(t, cis) {
                Own::Nested(t.clone())
            } else {
                Own::No
            }
        }
    }
}
