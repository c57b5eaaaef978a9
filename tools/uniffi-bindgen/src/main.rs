//! uniffi's own `uniffi-bindgen` command, built against the workspace's pinned uniffi, used to
//! check that the libraries in this workspace still work with uniffi's own backends.

fn main() {
    uniffi::uniffi_bindgen_main()
}
