#!/usr/bin/env python3
"""Which source files one request crosses: a build with LLVM coverage answers one read through
`mirubato handle` on a fresh seeded database, and the files with executed code are listed by
target. Start-up (configuration, migrations, opening stores) is told apart by a second run that opens
everything and answers nothing; a function belongs to the request when it ran more often than that.

Usage: request_path.py PROJECT_ROOT   (builds PROJECT_ROOT/.build-cov with --enable-code-coverage)
"""
import collections, json, os, shutil, subprocess, sys, tempfile

# The toolchain's own LLVM tools: the profile format follows the compiler that wrote it.
TOOLS = os.path.dirname(os.path.realpath(shutil.which("swift")))

QUERY = '{"query":"{ listSheetMusic(limit: 2) { edges { node { title composer } } } }"}'


def function_counts(root, binary, arguments, stdin, folder, name):
    """How often each function of our sources ran in one `mirubato` run: {(file, function): count}."""
    env = dict(os.environ, MIRUBATO_DB=f"{folder}/m.db", MIRUBATO_KV=f"{folder}/kv.db", MIRUBATO_ENV="development",
               LLVM_PROFILE_FILE=f"{folder}/{name}.profraw")
    subprocess.run([binary, *arguments], input=stdin.encode(), env=env, capture_output=True)
    subprocess.run([f"{TOOLS}/llvm-profdata", "merge", "-sparse", f"{folder}/{name}.profraw", "-o", f"{folder}/{name}.profdata"], check=True)
    exported = subprocess.run([f"{TOOLS}/llvm-cov", "export", binary, f"-instr-profile={folder}/{name}.profdata", "-skip-expansions"],
                              check=True, capture_output=True, text=True).stdout
    counts = {}
    for function in json.loads(exported)["data"][0]["functions"]:
        path = os.path.relpath(function["filenames"][0], root)
        if path.startswith("Sources/") and function["count"] > 0:
            counts[(path, function["name"])] = function["count"]
    return counts


def is_initializer(name):
    """Whether a demangled function is an initializer, a deinitializer or a stored property's default."""
    return any(part in name for part in (".init(", ".deinit", "variable initialization expression of"))


def main():
    root = os.path.abspath(sys.argv[1])
    scratch = f"{root}/.build-cov"
    subprocess.run(["swift", "build", "--enable-code-coverage", "--scratch-path", scratch], cwd=root, check=True,
                   stdout=subprocess.DEVNULL)
    binary = f"{scratch}/debug/mirubato"
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, MIRUBATO_DB=f"{folder}/m.db", MIRUBATO_KV=f"{folder}/kv.db", MIRUBATO_ENV="development",
                   LLVM_PROFILE_FILE=f"{folder}/seed.profraw")
        subprocess.run([binary, "seed"], env=env, check=True, capture_output=True)
        # `handle --ndjson` on empty input opens everything and answers nothing: start-up alone.
        startup = function_counts(root, binary, ["handle", "--ndjson"], "", folder, "startup")
        whole = function_counts(root, binary, ["handle", "--ndjson"], QUERY + "\n", folder, "request")
    # A function ran for the request when it ran more often than start-up alone runs it.
    request = {key for key, count in whole.items() if count > startup.get(key, 0)}
    crossed = sorted({path for path, _ in request})
    # Files where more than construction ran: a request builds every service and store it might use.
    names = sorted({name for _, name in request})
    demangled = dict(zip(names, subprocess.run([f"{TOOLS}/swift-demangle", "--simplified"], input="\n".join(names), check=True,
                                               capture_output=True, text=True).stdout.splitlines()))
    working = sorted({path for path, name in request if not is_initializer(demangled[name])})
    print(f"{len(working)} of those files run more than initializers.")
    by_target = collections.defaultdict(list)
    for path in crossed:
        by_target[path.split("/")[1]].append(path.split("/", 2)[2] + ("" if path in working else " (init only)"))
    print(f"One read through `mirubato handle` runs {len(request)} functions of {len(crossed)} files beyond start-up "
          f"(start-up alone: {len({path for path, _ in startup})} files):")
    for target in sorted(by_target, key=lambda t: -len(by_target[t])):
        print(f"- {target} ({len(by_target[target])}): " + ", ".join(by_target[target]))


if __name__ == "__main__":
    main()
