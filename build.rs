// The default theme and the starter site of `init` are compiled into the binary
// (include_dir!); rebuild when they change.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=src/init/starter");
    println!("cargo:rerun-if-changed=vendor/decap-cms");
}
