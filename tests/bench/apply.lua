-- wrk: POST /apply, each request with a fresh form token from a file, so
-- that every one is a new application (not a repeat of the same form).
--   wrk -s apply.lua URL -- TOKENS
local toks, i, step = {}, 0, 1
local n = 0
function setup(thread)
	thread:set("first", n)
	n = n + 1
end
function init(args)
	for line in io.lines(args[1]) do toks[#toks + 1] = line end
	i = first
	step = 2	-- wrk -t2
end
local body = "applicant_type=person&name=%E7%8E%8B%E6%B5%8B%E8%AF%95"
	.. "&employer=&id_type=resident&id_number=110105199003071239"
	.. "&phone=13800000000&email=bench%40example.cn"
	.. "&address=%E7%A4%BA%E4%BE%8B%E5%B8%82%E7%A4%BA%E4%BE%8B%E8%B7%AF1%E5%8F%B7"
	.. "&postcode=100000&subject=2025%E5%B9%B4%E9%83%A8%E9%97%A8%E9%A2%84%E7%AE%97"
	.. "&description=%E8%AF%B7%E6%8F%90%E4%BE%9B2025%E5%B9%B4%E9%83%A8%E9%97%A8%E9%A2%84%E7%AE%97%E5%85%A8%E6%96%87%E3%80%82"
	.. "&doc_number=&medium=electronic&delivery=email&publish_subject=1&form_token="
function request()
	i = i + step
	local tok = toks[(i % #toks) + 1]
	return wrk.format("POST", "/apply",
		{ ["Content-Type"] = "application/x-www-form-urlencoded",
		  ["Accept-Encoding"] = "gzip" }, body .. tok)
end
