// Preloaded into the benchmarked command with NODE_OPTIONS=--import=<this file>. When the
// process exits it writes, to the file named by GO_CI_GATE_CPU_PROBE, node's own CPU time
// (process.cpuUsage: every thread of this process, user + system) and the CPU time of the
// children it has reaped (cutime + cstime from /proc/self/stat, in clock ticks; each go
// includes its own reaped children: compilers, linkers, test binaries). Linux only.
import fs from 'node:fs'

const target = process.env.GO_CI_GATE_CPU_PROBE

function childrenTicks() {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8')
  // The command name (field 2) may hold spaces or parentheses: fields resume after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // fields[0] is field 3 (state); cutime and cstime are fields 16 and 17.
  return { cutime: Number(fields[13]), cstime: Number(fields[14]) }
}

if (target) {
  process.on('exit', (code) => {
    const usage = process.cpuUsage()
    const { cutime, cstime } = childrenTicks()
    fs.writeFileSync(
      target,
      JSON.stringify({
        exitCode: code,
        nodeUserMicros: usage.user,
        nodeSystemMicros: usage.system,
        childrenUserTicks: cutime,
        childrenSystemTicks: cstime
      })
    )
  })
}
