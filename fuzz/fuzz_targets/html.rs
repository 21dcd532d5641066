#![no_main]
// See crates/dateline-props: the properties checked, and why.
libfuzzer_sys::fuzz_target!(|data: &[u8]| dateline_props::html(data));
