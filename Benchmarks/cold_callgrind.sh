#!/bin/sh
# Instructions of one cold `mirubato handle` for the 20-item list, counted by callgrind.
# Usage: Benchmarks/cold_callgrind.sh BINARY NAME WARMUPS
# Seeds a fresh copy, answers WARMUPS requests, then counts one more under callgrind (on a copy
# without DWARF, which valgrind 3.19 cannot read from clang's C targets); the profile is
# /tmp/cg.NAME for callgrind_annotate.
b=$1; n=$2; k=$3; w=$(mktemp -d /tmp/mirubato-cg-XXXX)
export MIRUBATO_DB=$w/mirubato.db MIRUBATO_KV=$w/kv.db
$b seed > /dev/null 2>&1
echo '{"query":"{ listSheetMusic(limit: 20) { totalCount edges { node { id title composer } } } }"}' > $w/req.json
i=0; while [ $i -lt $k ]; do $b handle < $w/req.json > /dev/null; i=$((i+1)); done
strip --strip-debug -o $w/bin $b
valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.$n $w/bin handle < $w/req.json 2>&1 >/dev/null | grep "I   refs" | sed "s/^/$n /"
