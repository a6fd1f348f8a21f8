-- wrk: GET the paths listed in a file (one per line), in turn from a
-- random start, so that every benchmark, floors included, pays the same
-- client cost.  Like every browser, it accepts gzip.
--   wrk -s paths.lua URL -- FILE
local paths, i = {}, 0
function init(args)
	for line in io.lines(args[1]) do paths[#paths + 1] = line end
	i = math.random(#paths) - 1
end
function request()
	i = i % #paths + 1
	return wrk.format("GET", paths[i], { ["Accept-Encoding"] = "gzip" })
end
