// mimalloc: the build allocates and frees millions of small strings from several threads at
// once; mimalloc does that with about a fifth less CPU than glibc's malloc (measured on the
// 10,000-asset benchmark; glibc's peak memory was lower, see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(supportmap::cli::run());
}
