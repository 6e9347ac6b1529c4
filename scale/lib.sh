# Shared by the scale/ scripts (sourced): `leadline_bin ROOT` prints the binary to run:
# $LEADLINE_BIN if set, else target/release/leadline if built, else a debug build.
leadline_bin() {
    local root="$1"
    if [ -n "${LEADLINE_BIN:-}" ]; then
        echo "$LEADLINE_BIN"
    elif [ -x "$root/target/release/leadline" ]; then
        echo "$root/target/release/leadline"
    else
        (cd "$root" && cargo build --quiet) >&2
        echo "$root/target/debug/leadline"
    fi
}
