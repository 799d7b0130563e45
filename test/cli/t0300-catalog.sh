#!/bin/sh
# herbie catalog: the three tables, one entry with its sources, presets,
# usage errors and the did-you-mean for a mistyped id.
. test/cli/lib.sh

# has PATTERN NAME: the last command's stdout holds PATTERN (grep -E).
has() {
	if grep -Eq -- "$1" "$T/out"; then pass; else fail "$2" "$T/out"; fi
}
# err_has PATTERN NAME: the same for stderr.
err_has() {
	if grep -Eq -- "$1" "$T/err"; then pass; else fail "$2"; fi
}

expect_ok "catalog lists" "$HERBIE" catalog
has '^devices \([0-9]+\)$' "the device table has a title"
has '^links \([0-9]+\)$' "the link table has a title"
has '^presets \([0-9]+\)$' "the preset table has a title"
has '^  h100-sxm +gpu +80GB +3\.35TB/s +989\.4 / 989\.4 ' "h100-sxm row: memory, bandwidth, TFLOPS"
has '^  xeon-8480c +cpu .* 56  Intel Xeon' "xeon row: 56 cores"
has '^  t4 +gpu +16GB +320GB/s +65 / - ' "t4 row: no bf16"
has '^  pcie4-x16 +31\.5GB/s +25GB/s +1us +yes ' "pcie4 row: nominal, measured, latency"
has '^  nvme-gen4-read +7\.88GB/s +7GB/s +80us +no ' "nvme row: not duplex"
has '^  dgx-h100 +28 +40 ' "dgx-h100 row: 28 devices, 40 links"
for id in cpu a100-40gb a100-80gb l40s l4 nvswitch-h100 connectx-7 \
	nvme-gen5-drive pcie3-x16 pcie5-x16 nvlink3 nvlink4-nvswitch \
	ib-ndr-400 100gbe nvme-gen5-read dgx-a100 cloud-vm-1gpu; do
	has "^  $id " "the list has $id"
done
[ ! -s "$T/err" ] && pass || fail "catalog wrote to stderr"

expect_ok "one GPU" "$HERBIE" catalog h100-sxm
has '^h100-sxm: NVIDIA H100 SXM5 80GB$' "the entry's title"
has '^  memory +80GB$' "memory"
has '^  memory_bandwidth +3\.35TB/s$' "memory bandwidth"
has '^  tflops\.fp8 +1978\.9 TFLOPS$' "fp8 peak"
has '^  tflops\.int8 +1978\.9 TOPS$' "int8 in TOPS"
has 'H100 Tensor Core GPU datasheet' "a datasheet is named as a source"
has 'Architecture whitepaper' "the whitepaper is named as a source"
has '^  mps\.max_clients +48$' "MPS client limit"
has 'Multi-Process Service' "the MPS source"
has '^    3g\.40gb +3/7 \(0\.429\) +40GB +4/8 +2$' "a MIG profile row"
has 'Multi-Instance GPU User Guide' "the MIG source"
# Every figure line is followed by its source line.
n_fig=$(grep -Ec '^  (memory|memory_bandwidth|tflops\.[a-z0-9]+|mps\.max_clients|mig\.max_partitions) ' "$T/out")
n_src=$(grep -A1 -E '^  (memory|memory_bandwidth|tflops\.[a-z0-9]+|mps\.max_clients|mig\.max_partitions) ' "$T/out" | grep -Ec '^      [^ ]')
[ "$n_fig" -ge 10 ] && [ "$n_fig" -eq "$n_src" ] && pass ||
	fail "each figure has a source line ($n_fig figures, $n_src sources)" "$T/out"

expect_ok "one CPU" "$HERBIE" catalog xeon-8480c
has '^  cores +56$' "cores"
has '^  clock +2 GHz$' "clock"
has '^  gflops_per_core +128 GFLOPS$' "per-core peak"
has 'derived' "derived figures say so"

expect_ok "one link" "$HERBIE" catalog pcie4-x16
has '^  bandwidth +31\.5GB/s \(252 Gb/s\)$' "nominal in bytes and bits"
has '^  effective_bandwidth +25GB/s \(200 Gb/s\)$' "measured"
has 'PCI-SIG' "the PCIe spec is the source of the nominal rate"
has 'nvbandwidth' "the measurement is named"
has '^  duplex +yes' "duplex"

expect_ok "one preset" "$HERBIE" catalog dgx-h100
has '^  devices \(28\)$' "its devices"
has '^  links \(40\)$' "its links"
has '^    cpu0 +xeon-8480c +\{"memory":"1TB"\}$' "an override"
has '^    nvlink7 +nvlink4-nvswitch +gpu7 -- nvswitch$' "an NVLink"
has '^    pcie-nic4 +pcie5-x16 +cpu1 -- nic4$' "a NIC on the second CPU"
has '^    ib0 +ib-ndr-400 +nic0 -- fabric$' "a fabric link"
has 'DGX BasePOD' "the preset's source"

expect_ok "the cloud VM" "$HERBIE" catalog cloud-vm-1gpu
has 'pcie0 +pcie4-x16 +cpu0 -- gpu0 \{"latency":"2us","effective_bandwidth":"20GB/s"\}' "its overheads"
has 'Assumptions' "its assumptions are stated"

expect_exit 2 "a mistyped id" "$HERBIE" catalog h100-sxn
err_has "no catalog entry 'h100-sxn'; did you mean 'h100-sxm'\?" "did you mean"
[ ! -s "$T/out" ] && pass || fail "nothing on stdout for an unknown id"
expect_exit 2 "an unknown id" "$HERBIE" catalog quantum-flux
err_has "no catalog entry 'quantum-flux' \(try 'herbie catalog'" "unknown id message"
expect_exit 2 "two ids" "$HERBIE" catalog h100-sxm t4
expect_exit 2 "an unknown option" "$HERBIE" catalog --all
err_has "unknown option '--all'" "unknown option message"
expect_ok "catalog --help" "$HERBIE" catalog --help
has '^usage: herbie catalog' "usage on --help"
expect_ok "help catalog" "$HERBIE" help catalog
has 'with the document' "help explains the sources"
expect_ok "help lists catalog" "$HERBIE" help
has '^  catalog ' "help lists the command"

# The same output twice (no addresses, no locale in it).
"$HERBIE" catalog dgx-a100 >"$T/a" 2>&1
"$HERBIE" catalog dgx-a100 >"$T/b" 2>&1
expect_same "catalog is deterministic" "$T/a" "$T/b"
finish
