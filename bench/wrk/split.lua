-- Two instances: the endpoint's script ($SCRIPT, a path), with wrk's threads taking turns between the
-- loopback ports of $PORTS ("PORT_A PORT_B"): with 2 threads, each instance gets one thread and half of the
-- connections, and the latencies of both land in one distribution.
dofile(os.getenv("SCRIPT"))

local ports = {}
for port in string.gmatch(os.getenv("PORTS"), "%d+") do
  ports[#ports + 1] = port
end
local threads = 0

function setup(thread)
  thread.addr = wrk.lookup(wrk.host, ports[threads % #ports + 1])[1]
  threads = threads + 1
end
