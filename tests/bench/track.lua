-- wrk: POST /track with the codes listed in a file (one per line), in turn
-- from a random start: a code is taken only from a form's body, never
-- from the address.
--   wrk -s track.lua URL -- FILE
local codes, i = {}, 0
function init(args)
	for line in io.lines(args[1]) do codes[#codes + 1] = line end
	i = math.random(#codes) - 1
end
function request()
	i = i % #codes + 1
	return wrk.format("POST", "/track",
		{ ["Content-Type"] = "application/x-www-form-urlencoded",
		  ["Accept-Encoding"] = "gzip" }, "code=" .. codes[i])
end
