"""The floor programs of issue 31, built as `make release` builds the project: the floor of a
per-request Swift process (Benchmarks/floor/: read a JSON request on stdin, write a reply) and the
same as a CGI script (Benchmarks/floor-cgi/). One builder for `make bench` and the interleaved
scripts, so every comparison is against the same program."""
import os, re, shutil, subprocess

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def release_swiftc_flags():
    """The compiler flags `make release` passes (each `-Xswiftc` value of the Makefile's
    RELEASE_FLAGS), after the optimisation and static standard library every release has."""
    makefile = open(os.path.join(ROOT, "Makefile")).read()
    flags = re.search(r"^RELEASE_FLAGS :=(.*)$", makefile, re.M).group(1).split()
    return ["-O", "-static-stdlib"] + [flags[i + 1] for i, flag in enumerate(flags) if flag == "-Xswiftc"]


def build(name="floor"):
    """Builds Benchmarks/NAME/main.swift into .build-floor/NAME with the release flags; answers its path."""
    folder = os.path.join(ROOT, ".build-floor")
    os.makedirs(folder, exist_ok=True)
    swiftc = os.path.join(os.path.dirname(os.environ.get("SWIFT") or shutil.which("swift") or "/opt/swift/usr/bin/swift"), "swiftc")
    subprocess.run([swiftc, *release_swiftc_flags(), os.path.join(ROOT, f"Benchmarks/{name}/main.swift"), "-o", f"{folder}/{name}"],
                   check=True, capture_output=True)
    return f"{folder}/{name}"
