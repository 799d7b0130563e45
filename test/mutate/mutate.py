#!/usr/bin/env python3
"""make mutate: herbie's own mutation driver.

Mutation testing asks whether the tests would notice a wrong line. This
driver changes one token of one line of code at a time (never a comment, a
string, a character constant or a preprocessor line), builds the mutant in
a scratch copy of the tree (never in the working tree), and runs the tests
in the order that kills a mutant soonest:

  1. the Check suite named after the file (sim/stats/ap.c -> suite ap),
  2. everything: every Check suite, then the command-line scripts,
  3. the file's suites under ASan and UBSan, as make check does.

A mutant that does not compile is stillborn and not counted; a test that
fails, crashes or hangs (past a time limit derived from the clean run)
kills it. The score is killed / (killed + survived), the survivors listed
in test/mutate/equivalent.txt (mutants that cannot change behaviour, each
with the reason) left out of both.

Operators (the classic ones): relational, arithmetic and logical operators
into their neighbours; compound assignments; ++/--; integer constants +1,
-1 and 0; a condition negated; a call or assignment statement deleted; a
returned value replaced by 0.

Usage (from the Makefile):  make mutate [N=200] [SEED=1] [FILES="a.c b.c"]
                                        [REV=commit] [REPLAY=run.log]
  --rev REV     mutate that commit (default: the working tree as it is)
  --replay LOG  judge again, on the working tree, the survivors listed in
                an earlier run's output (with --rev: the commit that run
                mutated, to find each survivor's line by its neighbours);
                the score adds that run's other verdicts
  --list        print the sampled mutants and exit (nothing is built)
  --self-test   check the tokenizer and the operators, then exit
Exit status: 0 at or above the bar (95% overall, 90% in every folder),
1 below it, 2 for bad arguments.

Python 3 from Debian; make run and make check never need it.
"""

import argparse
import collections
import glob
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
EQUIV = os.path.join(ROOT, "test", "mutate", "equivalent.txt")
BAR_TOTAL, BAR_FOLDER = 0.95, 0.90

# ---------------------------------------------------------------- tokens

TOKEN = re.compile(r"""
    (?P<ws>[ \t\f\v\r]+)
  | (?P<nl>\n)
  | (?P<comment>/\*.*?\*/|//[^\n]*)
  | (?P<string>"(?:\\.|[^"\\\n])*")
  | (?P<char>'(?:\\.|[^'\\\n])*')
  | (?P<num>0[xX][0-9a-fA-F]+[uUlL]*|\d+\.\d*(?:[eE][+-]?\d+)?[fFlL]?|\.\d+(?:[eE][+-]?\d+)?[fFlL]?|\d+[eE][+-]?\d+[fFlL]?|\d+[uUlL]*)
  | (?P<ident>[A-Za-z_]\w*)
  | (?P<op>\.\.\.|<<=|>>=|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^]=|[-+*/%<>=!~&|^?:;,.(){}\[\]#\\])
  | (?P<other>.)
""", re.S | re.X)

Tok = collections.namedtuple("Tok", "kind text start line")


def tokenize(text):
    """The tokens of C source, with the preprocessor lines marked 'pp'
    (from a '#' first on its line through its backslash continuations)."""
    toks, line, at_bol, in_pp = [], 1, True, False
    for m in TOKEN.finditer(text):
        kind, s = m.lastgroup, m.group()
        if kind == "nl":
            if not (toks and toks[-1].text == "\\"):
                in_pp = False
            at_bol = True
            line += 1
            continue
        if kind == "ws":
            continue
        if kind == "op" and s == "#" and at_bol:
            in_pp = True
        if kind != "comment":
            toks.append(Tok("pp" if in_pp else kind, s, m.start(), line))
            at_bol = False
        line += s.count("\n")
    return toks


# ------------------------------------------------------------- operators

NEIGHBOURS = {
    "<": ["<=", ">"], "<=": ["<", ">"], ">": [">=", "<"], ">=": [">", "<"],
    "==": ["!="], "!=": ["=="],
    "+": ["-"], "-": ["+"], "*": ["/"], "/": ["*"], "%": ["*"],
    "&&": ["||"], "||": ["&&"],
    "+=": ["-="], "-=": ["+="], "*=": ["/="], "/=": ["*="],
    "|=": ["&="], "&=": ["|="], "<<": [">>"], ">>": ["<<"],
    "++": ["--"], "--": ["++"],
}
# a binary operator follows an operand; after anything else a '-', '*' or
# '&' is unary (a sign, a dereference, an address)
OPERAND_END = {"num", "ident", "char", "string"}
TYPE_WORDS = {"int", "char", "short", "long", "unsigned", "signed", "float",
              "double", "void", "const", "volatile", "struct", "union",
              "enum", "static", "extern", "inline", "register", "_Bool",
              "size_t", "ssize_t", "uint64_t", "int64_t", "uint32_t",
              "int32_t", "uint8_t", "uint16_t", "int16_t", "int8_t",
              "uintptr_t", "ptrdiff_t", "FILE", "simtime", "va_list",
              "sig_atomic_t", "off_t", "pid_t", "cJSON"}
KEYWORDS = {"if", "while", "for", "switch", "return", "sizeof", "case",
            "do", "else", "goto", "break", "continue", "default",
            "typedef"} | TYPE_WORDS


def typedef_names():
    names = set()
    for path in glob.glob(os.path.join(ROOT, "sim", "**", "*.h"),
                          recursive=True) + \
            glob.glob(os.path.join(ROOT, "models", "*.h")):
        with open(path, encoding="utf-8") as f:
            toks = [t for t in tokenize(f.read()) if t.kind != "pp"]
        for i, t in enumerate(toks):
            if t.text != "typedef":
                continue
            depth, j = 0, i + 1     # to the ';' that ends it, braces skipped
            while j < len(toks) and not (toks[j].text == ";" and depth == 0):
                depth += toks[j].text == "{"
                depth -= toks[j].text == "}"
                j += 1
            body, d = [], 0         # what stands outside its braces
            for b in toks[i + 1:j]:
                d -= b.text == "}"
                if d == 0 and b.text != "}":
                    body.append(b)
                d += b.text == "{"
            fnptr = [k for k in range(len(body) - 1)
                     if body[k].text == "(" and body[k + 1].text == "*"]
            if fnptr and fnptr[0] + 2 < len(body):   # typedef T (*name)(...)
                names.add(body[fnptr[0] + 2].text)
            else:
                idents = [b.text for b in body if b.kind == "ident"]
                if idents:
                    names.add(idents[-1])
    return names


def is_binary(toks, i):
    p = toks[i - 1] if i else None
    return p is not None and p.text not in KEYWORDS and \
        (p.kind in OPERAND_END or p.text in (")", "]"))


def match_paren(toks, i):
    """Index of the ')' that closes the '(' at i, or -1."""
    depth = 0
    for j in range(i, len(toks)):
        if toks[j].kind == "pp":
            return -1
        if toks[j].text in "([{" and toks[j].kind == "op":
            depth += 1
        elif toks[j].text in ")]}" and toks[j].kind == "op":
            depth -= 1
            if depth == 0:
                return j
    return -1


def statement_end(toks, i):
    """Index of the ';' that ends the statement starting at i, at depth 0,
    or -1 when a brace or the file comes first."""
    depth = 0
    for j in range(i, len(toks)):
        t = toks[j]
        if t.kind == "pp":
            return -1
        if t.text in ("(", "["):
            depth += 1
        elif t.text in (")", "]"):
            depth -= 1
        elif t.text in ("{", "}"):
            return -1
        elif t.text == ";" and depth == 0:
            return j
    return -1


def statement_start(toks, i):
    """True when token i starts a statement inside a function body."""
    if i == 0:
        return False
    p = toks[i - 1]
    if p.text in (";", "{", "}") or p.text == "else":
        return True
    if p.text == ")":           # the body of an if/while/for without braces
        depth, j = 0, i - 1
        while j >= 0:
            if toks[j].text == ")":
                depth += 1
            elif toks[j].text == "(":
                depth -= 1
                if depth == 0:
                    break
            j -= 1
        return j > 0 and toks[j - 1].text in ("if", "while", "for")
    if p.text != ":":
        return False
    j = i - 2           # after a label: "default:" or "case X:"
    while j >= 0 and toks[j].text not in (";", "{", "}", "case", "?"):
        j -= 1
    return toks[i - 2].text == "default" or (j >= 0 and toks[j].text == "case")


LVALUE = re.compile(r"^\*?\w+(?:(?:\.|->)\w+|\[[^;]*\])*$")
ASSIGN = {"=", "+=", "-=", "*=", "/=", "%=", "|=", "&=", "^=", "<<=", ">>="}


def declaration(toks, i, types):
    """True when token i lies in a declaration: its statement starts with
    a type word or a typedef name."""
    j = i
    while j > 0 and toks[j - 1].text not in (";", "{", "}"):
        j -= 1
    return toks[j].text in TYPE_WORDS or toks[j].text in types


def mutants_of(path, text, types):
    """Every mutant of one file: (line, start, end, replacement, operator)
    where [start, end) is the span of text replaced."""
    toks = tokenize(text)
    out = []
    depth = 0                      # brace depth: code lives at depth >= 1
    # a header's code is its inline functions' bodies, never its structs
    # and tables; a .c file's tables are mutated too (data is behaviour)
    fn_only, in_fn = path.endswith(".h"), False
    for i, t in enumerate(toks):
        if t.kind == "pp":
            continue
        if t.text == "{":
            if depth == 0:
                in_fn = i > 0 and toks[i - 1].text == ")"
            depth += 1
        elif t.text == "}":
            depth -= 1
        if depth < 1 or (fn_only and not in_fn):
            continue
        end = t.start + len(t.text)
        if t.kind == "op" and t.text in NEIGHBOURS:
            if t.text in ("-", "*", "+", "&") and not is_binary(toks, i):
                pass
            elif t.text == "*" and toks[i - 1].kind == "ident" and \
                    (toks[i - 1].text in types or
                     toks[i - 1].text in TYPE_WORDS):
                pass                           # a declaration's pointer
            else:
                for r in NEIGHBOURS[t.text]:
                    out.append((t.line, t.start, end, r, "operator"))
        elif t.kind == "num" and re.fullmatch(r"(0[xX][0-9a-fA-F]+|\d+)[uUlL]*",
                                               t.text):
            digits = re.match(r"(0[xX][0-9a-fA-F]+|\d+)", t.text).group(1)
            suffix = t.text[len(digits):]
            if len(digits) > 1 and digits[0] == "0" and digits[1] in \
                    "01234567":
                continue                       # octal: file modes
            v = int(digits, 0)
            if toks[i - 1].text == "[" and declaration(toks, i, types):
                continue                       # an array's declared size
            for nv in sorted({v + 1, v - 1, 0} - {v}):
                if nv >= 0:
                    out.append((t.line, t.start, end, str(nv) + suffix,
                                "constant"))
        elif t.text in ("if", "while") and i + 1 < len(toks) and \
                toks[i + 1].text == "(":
            j = match_paren(toks, i + 1)
            if j > 0:
                a, b = toks[i + 1].start, toks[j].start + 1
                cond = text[a + 1:b - 1]
                out.append((t.line, a, b, "(!(" + cond + "))", "negate"))
        elif t.text == "return" and toks[i + 1].text != ";":
            j = statement_end(toks, i)
            if j > 0 and not (j == i + 2 and toks[i + 1].text in
                              ("0", "NULL")):   # NULL is 0 already
                out.append((t.line, toks[i + 1].start, toks[j].start, "0",
                            "return 0"))
        if statement_start(toks, i) and t.kind == "ident" and \
                t.text not in KEYWORDS and not \
                (i + 1 < len(toks) and toks[i + 1].text == ":"):
            j = statement_end(toks, i)
            if j < 0:
                continue
            span = toks[i:j]
            if len(span) > 1 and span[1].text == "(" and \
                    match_paren(toks, i + 1) == j - 1:
                out.append((t.line, t.start, toks[j].start + 1, ";",
                            "delete call"))
                continue
            k = next((k for k, x in enumerate(span) if x.text in ASSIGN),
                     -1)
            if k > 0 and LVALUE.match("".join(x.text for x in span[:k])):
                out.append((t.line, t.start, toks[j].start + 1, ";",
                            "delete assignment"))
    return out


# ------------------------------------------------------------ the sample

def source_files(names, rev=""):
    if rev:
        out = subprocess.run(["git", "ls-tree", "-r", "--name-only", rev,
                              "sim", "models"], cwd=ROOT,
                             capture_output=True, text=True,
                             check=True).stdout.split()
        have = sorted(f for f in out if f.endswith((".c", ".h")))
        if not names:
            return have
        want = {os.path.relpath(os.path.abspath(n), ROOT) for n in names}
        if want - set(have):
            sys.exit("mutate: FILES: not C files of %s under sim/ or "
                     "models/: %s" % (rev, " ".join(sorted(want - set(have)))))
        return sorted(want)
    if names:
        files = []
        for n in names:
            p = os.path.relpath(os.path.abspath(n), ROOT)
            if not os.path.isfile(os.path.join(ROOT, p)) or \
                    not p.endswith((".c", ".h")):
                sys.exit("mutate: FILES: %s is not a C file of the tree" % n)
            files.append(p)
        return sorted(set(files))
    files = []
    for d in ("sim", "models"):
        for ext in ("c", "h"):
            files += glob.glob("%s/**/*.%s" % (d, ext), root_dir=ROOT,
                               recursive=True)
    return sorted(files)


def read_source(f, rev):
    if rev:
        return subprocess.run(["git", "show", "%s:%s" % (rev, f)], cwd=ROOT,
                              capture_output=True, text=True,
                              check=True).stdout
    with open(os.path.join(ROOT, f), encoding="utf-8") as fh:
        return fh.read()


def sample(files, n, seed, rev=""):
    """n mutants spread over the files in proportion to their sites (at
    least one a file while n allows), drawn with a seeded generator."""
    types = typedef_names()
    sites = {}
    for f in files:
        text = read_source(f, rev)
        sites[f] = (text, mutants_of(f, text, types))
    total = sum(len(m) for _, m in sites.values())
    rng = random.Random(seed)
    if n <= 0 or n >= total:
        quota = {f: len(m) for f, (_, m) in sites.items()}
    else:
        quota = {f: n * len(m) / total for f, (_, m) in sites.items()}
        whole = {f: int(q) for f, q in quota.items()}
        rest = n - sum(whole.values())
        # largest remainders first; ties broken by the seeded shuffle
        order = list(files)
        rng.shuffle(order)
        order.sort(key=lambda f: quota[f] - whole[f], reverse=True)
        for f in order[:rest]:
            whole[f] += 1
        quota = whole
    chosen = []
    for f in files:
        text, m = sites[f]
        pick = rng.sample(range(len(m)), min(quota[f], len(m)))
        for k in sorted(pick):
            chosen.append((f, text) + m[k])
    return chosen, total


def line_of(text, pos):
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return text[a:b if b >= 0 else len(text)]


def describe(m):
    f, text, line, a, b, r, op = m
    mutated = text[:a] + r + text[b:]
    before = line_of(text, a)
    # the mutated line: from the same line start to the line's new end
    start = text.rfind("\n", 0, a) + 1
    end = mutated.find("\n", start)
    after = mutated[start:end if end >= 0 else len(mutated)]
    return before.strip(), after.strip()


def load_equivalent():
    """test/mutate/equivalent.txt: blocks of 'file', '- before', '+ after',
    'why: ...', separated by blank lines; '#' starts a comment line."""
    eq, cur = set(), {}
    try:
        fh = open(EQUIV, encoding="utf-8")
    except FileNotFoundError:
        return eq
    with fh:
        for raw in fh.read().split("\n") + [""]:
            s = raw.strip()
            if s.startswith("#"):
                continue
            if not s:
                if cur:
                    if not all(k in cur for k in ("file", "-", "+", "why")):
                        sys.exit("mutate: %s: an entry lacks file, -, + or "
                                 "why: %r" % (EQUIV, cur))
                    eq.add((cur["file"], " ".join(cur["-"].split()),
                            " ".join(cur["+"].split())))
                cur = {}
            elif s.startswith("- "):
                cur["-"] = s[2:]
            elif s.startswith("+ "):
                cur["+"] = s[2:]
            elif s.startswith("why:"):
                cur["why"] = s[4:].strip()
            elif raw.startswith((" ", "\t")) and "why" in cur:
                cur["why"] += " " + s           # the reason, continued
            elif "file" not in cur and re.fullmatch(r"(sim|models)/\S+\.[ch]", s):
                cur["file"] = s
            else:
                sys.exit("mutate: %s: not a file, '- ', '+ ' or 'why:' line: "
                         "%r" % (EQUIV, raw))
    return eq


# ------------------------------------------------------------ the runs

def suites():
    with open(os.path.join(ROOT, "test", "check_main.c")) as f:
        m = re.search(r"#define SUITES\(X\)(.*?)\n\n", f.read(), re.S)
    return re.findall(r"X\((\w+)\)", m.group(1))


# files whose module has no suite of its own: the suite that drives them
SUITE_OF = {"stn": "line", "src": "line", "observe": "line", "hb": "eq",
            "scen": "scen", "names": "scen", "diag": "scen", "mser": "run",
            "res": "run", "rjson": "report", "rtext": "report",
            "rdiff": "diff", "rtoc": "toc", "jw": "report", "htoc": "html",
            "ofile": "html", "catjson": "cat", "mlcat": "ml", "roof": "ml",
            "simtime": "eq", "line_impl": "line", "jrd": "scen",
            "setp": "scen", "sget": "scen", "sdist": "scen", "sread": "scen",
            "sstn": "scen", "shw": "scen", "sgraph": "scen",
            "scen_impl": "scen", "coll": "lessons", "chart": "html",
            "diagram": "html", "page": "html", "svg": "html", "jam": "line",
            "scoll": "wire", "utf8": "jloc"}


def own_suite(f, known):
    stem = os.path.splitext(os.path.basename(f))[0]
    s = stem if stem in known else SUITE_OF.get(stem)
    return s if s in known else None


SCRATCH = []


def die(msg):
    """Stop every worker: a clean tree that fails cannot judge mutants."""
    print("mutate: " + msg, file=sys.stderr, flush=True)
    for d in SCRATCH:
        shutil.rmtree(d, ignore_errors=True)
    os._exit(2)


def sh(cmd, cwd, env=None, timeout=None):
    """Run cmd; 'ok', 'fail' or 'hang'."""
    e = dict(os.environ)
    e.update(env or {})
    p = subprocess.Popen(cmd, cwd=cwd, env=e, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        rc = p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        # the step's children too (a script's herbie, Check's forks): they
        # would burn the other worker's time and fake its hangs
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        return "hang"
    return "ok" if rc == 0 else "fail"


class Worker:
    """A scratch copy of the tree with its own builds (release without
    LTO, so a mutant links in seconds; sanitizers built when first
    needed)."""

    MAKE = ["make", "-s", "--no-print-directory", "OPT=-O2", "LTO="]

    def __init__(self, base, k, files, known, rev):
        self.dir = os.path.join(base, "w%d" % k)
        self.files, self.known = files, known
        os.makedirs(self.dir)
        if rev:                 # a commit, as git archive gives it
            arc = subprocess.run(["git", "archive", rev], cwd=ROOT,
                                 capture_output=True, check=True).stdout
            subprocess.run(["tar", "-xf", "-"], cwd=self.dir, input=arc,
                           check=True)
            out = []
        else:                   # the working tree, edits and new files too
            out = subprocess.run(["git", "ls-files", "-co",
                                  "--exclude-standard"], cwd=ROOT,
                                 capture_output=True, text=True,
                                 check=True).stdout.split("\n")
        for rel in filter(None, out):
            src = os.path.join(ROOT, rel)
            if not os.path.isfile(src):
                continue
            dst = os.path.join(self.dir, rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy2(src, dst)
        self.rel = "build/mut"
        self.san = None
        self.limits = Worker.limits

    limits = {}         # step -> time limit, shared: the clean run is timed once
    took = {}           # step -> its clean time: the quick steps go first

    def build(self, san=False):
        b = "build/mutsan" if san else self.rel
        args = self.MAKE + (["SAN=1"] if san else []) + \
            ["BUILD=" + b, b + "/check_herbie", b + "/herbie"]
        return sh(args, self.dir) == "ok"

    def timed(self, key, cmd, env=None):
        """Run a test step; the first (clean) run sets its time limit:
        five times as long, at least 30 s."""
        limit = self.limits.get(key)
        t0 = time.monotonic()
        r = sh(cmd, self.dir, env, timeout=limit)
        if limit is None:
            self.limits[key] = max(30.0, 5 * (time.monotonic() - t0))
            self.took[key] = time.monotonic() - t0
        return r

    def steps(self, f, san_built):
        """The test steps for file f, in order: (key, cmd, env)."""
        b = os.path.join(self.dir, self.rel)
        own = own_suite(f, self.known)
        out = []
        for s in self.known:
            if s != own:
                out.append(("suite:" + s, [b + "/check_herbie"],
                            {"CK_RUN_SUITE": s}))
        for t in sorted(glob.glob(os.path.join(self.dir, "test", "cli",
                                               "t[0-9][0-9][0-9][0-9]-*.sh"))):
            out.append(("cli:" + os.path.basename(t), ["sh", t],
                        {"HERBIE": b + "/herbie"}))
        # after the file's own suite, the quickest first: most mutants die
        # in the first step that touches them, so the order saves time
        out.sort(key=lambda step: self.took.get(step[0], 0.0))
        if own:
            out.insert(0, ("own:" + own, [b + "/check_herbie"],
                           {"CK_RUN_SUITE": own}))
        return out

    def san_steps(self, f):
        b = os.path.join(self.dir, "build/mutsan")
        own = own_suite(f, self.known)
        env = {"CK_TIMEOUT_MULTIPLIER": "5"}
        if own:
            env["CK_RUN_SUITE"] = own
        return [("san:" + (own or "all"), [b + "/check_herbie"], env)]

    def baseline(self, timed=True):
        """Build the clean tree and (in one worker) time every step once;
        the clean tree must pass them all, or no mutant can be judged."""
        if not self.build():
            die("the clean tree does not build")
        if not timed:
            return
        keys = {}
        for f in self.files:
            for key, cmd, env in self.steps(f, False):
                keys.setdefault(key, (cmd, env))
        for key, (cmd, env) in keys.items():
            if self.timed(key, cmd, env) != "ok":
                die("the clean tree fails %s" % key)

    def ensure_san(self):
        if self.san is None:
            self.san = self.build(san=True)
            if self.san:
                for f in self.files:
                    for key, cmd, env in self.san_steps(f):
                        if key not in self.limits and \
                                self.timed(key, cmd, env) != "ok":
                            die("the clean tree fails " + key)
        return self.san

    def judge(self, m):
        f, text, line, a, b, r, op = m
        path = os.path.join(self.dir, f)
        st = os.stat(path)
        try:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text[:a] + r + text[b:])
            if not self.build():
                return "stillborn", None
            for key, cmd, env in self.steps(f, False):
                if self.timed(key, cmd, env) != "ok":
                    return "killed", key
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)          # the clean sanitizer build first
            if not self.ensure_san():
                return "survived", None
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text[:a] + r + text[b:])
            if not self.build(san=True):
                return "stillborn", None
            for key, cmd, env in self.san_steps(f):
                if self.timed(key, cmd, env) != "ok":
                    return "killed", key
            return "survived", None
        finally:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
            # a fresh mtime: the next build recompiles the clean file
            os.utime(path, ns=(st.st_atime_ns, time.time_ns()))


def folder(f):
    return os.path.dirname(f)


def judge_all(chosen, args):
    """Judge every mutant of chosen with args.jobs workers: a list of
    (verdict, by) in chosen's order, each printed as it comes."""
    known = suites()
    base = tempfile.mkdtemp(prefix="herbie-mutate.")
    if not args.keep:
        SCRATCH.append(base)
    try:
        workers = [Worker(base, k, sorted({m[0] for m in chosen}), known,
                          args.rev) for k in range(args.jobs)]
        threads = [threading.Thread(target=w.baseline, args=(k == 0,))
                   for k, w in enumerate(workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        results = [None] * len(chosen)
        lock = threading.Lock()
        queue = list(range(len(chosen)))

        def work(w):
            while True:
                with lock:
                    if not queue:
                        return
                    i = queue.pop(0)
                verdict, by = w.judge(chosen[i])
                results[i] = (verdict, by)
                m = chosen[i]
                with lock:
                    done = sum(r is not None for r in results)
                    print("[%d/%d] %s:%d %s: %s%s" %
                          (done, len(chosen), m[0], m[2], m[6], verdict,
                           " (" + by + ")" if by else ""), flush=True)

        threads = [threading.Thread(target=work, args=(w,)) for w in workers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return results


def read_log(path):
    """A finished run's output: its counts by folder (the table) and its
    survivors as (file, line, operator, before, after)."""
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    counts, survivors, where = {}, [], None
    cols = ("killed", "survived", "stillborn", "equivalent")
    for i, ln in enumerate(lines):
        f = ln.split()
        if f[:2] == ["folder", "killed"]:
            where = "table"
        elif where == "table" and len(f) == 6 and f[0] != "all":
            counts[f[0]] = collections.Counter(
                {c: int(v) for c, v in zip(cols, f[1:5])})
        elif ln == "survived:":
            where = "survived"
        elif ln.endswith(":") and not ln.startswith(" "):
            where = None if not re.match(r"\S+:\d+: ", ln) else where
        if where == "survived":
            m = re.fullmatch(r"(\S+):(\d+): (.+)", ln)
            if m and i + 2 < len(lines) and \
                    lines[i + 1].startswith("    - ") and \
                    lines[i + 2].startswith("    + "):
                survivors.append((m.group(1), int(m.group(2)), m.group(3),
                                  lines[i + 1][6:], lines[i + 2][6:]))
    if not counts:
        die("%s: no table of a finished run" % path)
    return counts, survivors


def flat(s):
    return " ".join(s.split())


def window(lines, k):
    """Line k (0-based) with the lines either side, whitespace folded."""
    return [flat(x) for x in lines[max(k - 1, 0):k + 2]]


def context(f, line, before, rev):
    """Where the survivor is, as the run that found it saw it (rev: the
    commit it mutated): its line with the lines either side, and which of
    the places holding that same window it was (rank, of n), so that a
    line as common as 'return -1;' is found where it was and nowhere else.
    Without rev: the line alone, rank None (the nearest is taken)."""
    if rev:
        old = read_source(f, rev).split("\n")
        if 0 < line <= len(old) and flat(old[line - 1]) == flat(before):
            want = window(old, line - 1)
            at = [k for k in range(len(old)) if window(old, k) == want]
            return want, at.index(line - 1), len(at)
    return [flat(before)], None, 0


def replay(args):
    """make mutate REPLAY=LOG: the survivors of an earlier run (LOG is its
    output) judged again on the tree as it is now, so that the tests
    written against them are measured on the same sample. A survivor is
    found by its line's text, nearest its old line number, and that line
    replaced by the mutated one (with --rev, the commit the earlier run
    mutated, the lines either side must match too, and it must be the
    same one of as many lookalikes); a line no longer in the code is
    'gone'
    (the code was rewritten: the mutant no longer exists) and counted
    with the stillborn. A survivor listed in equivalent.txt since is
    counted equivalent without a run. The score adds the first run's
    other verdicts."""
    counts, old = read_log(args.replay)
    equivalent = load_equivalent()
    chosen, gone = [], []
    for f, line, op, before, after in old:
        counts[folder(f)]["survived"] -= 1
        try:
            text = read_source(f, "")
        except OSError:
            text = ""
        want, rank, n = context(f, line, before, args.rev)
        starts, pos, lines = [], 0, text.split("\n")
        for k, ln in enumerate(lines):
            if window(lines, k) == want or \
                    (rank is None and flat(ln) == want[0]):
                starts.append((pos, ln))
            pos += len(ln) + 1
        # with rev, the same place among as many lookalikes, or none: a
        # line rewritten must not be mistaken for a lookalike elsewhere
        if rank is not None and len(starts) != n:
            starts = []
        if not starts:
            gone.append((f, line, op, before, after))
            counts[folder(f)]["stillborn"] += 1
            continue
        if rank is not None:
            a, ln = starts[rank]
        else:
            a, ln = min(starts, key=lambda s: abs(text.count("\n", 0, s[0]) + 1 - line))
        a += len(ln) - len(ln.lstrip())
        b = a + len(ln.strip())
        if (f, flat(before), flat(after)) in equivalent:
            counts[folder(f)]["equivalent"] += 1    # listed since: not run
            continue
        chosen.append((f, text, text.count("\n", 0, a) + 1, a, b, after, op))
    print("mutate: replaying %d survivors of %s (%d gone)" %
          (len(chosen), args.replay, len(gone)), flush=True)
    for f, line, op, before, _ in gone:
        print("gone: %s:%d: %s: %s" % (f, line, op, before))
    now = argparse.Namespace(**dict(vars(args), rev=""))   # today's tree
    results = judge_all(chosen, now) if chosen else []
    return report(chosen, results, equivalent, counts)


def run(args):
    files = source_files(args.files.split() if args.files else [],
                         args.rev)
    if not files:
        sys.exit("mutate: no C files under sim/ or models/")
    chosen, total = sample(files, args.n, args.seed, args.rev)
    equivalent = load_equivalent()
    print("mutate: %d mutants of %d sites in %d files, seed %d" %
          (len(chosen), total, len(files), args.seed), flush=True)
    if args.list:
        for m in chosen:
            before, after = describe(m)
            print("%s:%d: %s\n    - %s\n    + %s" %
                  (m[0], m[2], m[6], before, after))
        return 0
    results = judge_all(chosen, args)
    return report(chosen, results, equivalent)


def report(chosen, results, equivalent, prior=None):
    """The table by folder, the survivors, the equivalents and the verdict
    against the bar. prior: counts by folder judged earlier (a replay's
    first run), added in."""
    per = collections.defaultdict(collections.Counter)
    for d, c in (prior or {}).items():
        per[d].update(c)
    survivors, listed = [], []
    for m, (verdict, _) in zip(chosen, results):
        before, after = describe(m)
        key = (m[0], " ".join(before.split()), " ".join(after.split()))
        if verdict == "survived" and key in equivalent:
            verdict = "equivalent"
            listed.append((m, before, after))
        elif verdict == "survived":
            survivors.append((m, before, after))
        per[folder(m[0])][verdict] += 1
    print("\n%-14s %7s %9s %10s %10s %7s" %
          ("folder", "killed", "survived", "stillborn", "equivalent", "score"))
    tot = collections.Counter()
    ok = True
    for d in sorted(per):
        c = per[d]
        tot.update(c)
        judged = c["killed"] + c["survived"]
        score = c["killed"] / judged if judged else 1.0
        ok &= score >= BAR_FOLDER
        print("%-14s %7d %9d %10d %10d %6.1f%%" %
              (d, c["killed"], c["survived"], c["stillborn"],
               c["equivalent"], 100 * score))
    judged = tot["killed"] + tot["survived"]
    score = tot["killed"] / judged if judged else 1.0
    ok &= score >= BAR_TOTAL
    print("%-14s %7d %9d %10d %10d %6.1f%%" %
          ("all", tot["killed"], tot["survived"], tot["stillborn"],
           tot["equivalent"], 100 * score))
    for title, rows in (("survived", survivors),
                        ("equivalent (test/mutate/equivalent.txt)", listed)):
        if rows:
            print("\n%s:" % title)
        for m, before, after in rows:
            print("%s:%d: %s\n    - %s\n    + %s" %
                  (m[0], m[2], m[6], before, after))
    print("\nmutate: %.1f%% killed (bar %d%% in all, %d%% in every folder): %s"
          % (100 * score, 100 * BAR_TOTAL, 100 * BAR_FOLDER,
             "pass" if ok else "BELOW THE BAR"))
    return 0 if ok else 1


# ------------------------------------------------------------ self-test

def self_test():
    """The tokenizer and operators on a small file whose mutants are known:
    nothing in the preprocessor lines, the comments, the string, an array's
    declared size or a return of NULL."""
    src = (
        '#include <stdio.h>\n'
        '#define MAX(a, b) ((a) < (b) ? (b) : (a))\n'
        'static int f(int *p, int n)\n'
        '{\n'
        '\t/* a < b in a comment */\n'
        '\tint k = n * 2; // x + y\n'
        '\tif (n < 3)\n'
        '\t\tk += 1;\n'
        '\tputs("a < b - c");\n'
        '\t*p = -k;\n'
        '\treturn k;\n'
        '}\n'
        'static char *g(void)\n'
        '{\n'
        '\tchar a[4], b[4];\n'
        '\treturn NULL;\n'
        '}\n')
    ms = mutants_of("t.c", src, set())
    got = sorted("%d %s %s" % (line, src[a:b], r)
                 for line, a, b, r, op in ms)
    want = sorted([
        "6 * /", "6 2 3", "6 2 1", "6 2 0",
        "7 (n < 3) (!(n < 3))", "7 < <=", "7 < >",
        "7 3 4", "7 3 2", "7 3 0",
        "8 += -=", "8 1 2", "8 1 0", "8 k += 1; ;",
        '9 puts("a < b - c"); ;',
        "11 k 0"])
    hdr = ('typedef struct q { int a[4]; int n; } q;\n'
           'static inline int q_len(const q *x)\n'
           '{\n'
           '\treturn x->n + 1;\n'
           '}\n')
    got += sorted("h%d %s %s" % (line, hdr[a:b], r)
                  for line, a, b, r, op in mutants_of("t.h", hdr, {"q"}))
    want += ["h4 + -", "h4 1 2", "h4 1 0", "h4 x->n + 1 0"]
    fail = ["missing: " + w for w in want if w not in got] + \
        ["unexpected: " + g for g in got if g not in want]
    known = suites()
    for f in source_files([]):
        if own_suite(f, known) is None and \
                mutants_of(f, read_source(f, ""), set()):
            fail.append("no suite runs first for " + f + " (SUITE_OF)")
    for f in fail:
        print("mutate self-test: " + f)
    print("mutate self-test: %d passed, %d failed" %
          (len(want) - sum(f.startswith("missing") for f in fail),
           len(fail)))
    return 1 if fail else 0


def main():
    ap = argparse.ArgumentParser(description="herbie's mutation driver")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--files", default="")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--rev", default="",
                    help="mutate a commit instead of the working tree")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--keep", action="store_true",
                    help="keep the scratch copies (for debugging)")
    ap.add_argument("--self-test", action="store_true")
    ap.add_argument("--replay", default="",
                    help="judge again the survivors in an earlier run's output")
    args = ap.parse_args()
    if args.self_test:
        return self_test()
    if self_test() != 0:
        return 2
    return replay(args) if args.replay else run(args)


if __name__ == "__main__":
    sys.exit(main())
