-- wrk script: POST a distinct canonical lead per request (random phone + e-mail), bearer token from env LR_TOKEN.
local token = os.getenv("LR_TOKEN")
local regions = {"华东", "华南", "华北"}
local industries = {"工业自动化", "新能源电池", "SaaS", "K12教育"}
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
request = function()
  local n = math.random(10000000, 99999999)
  local body = string.format('{"source":"scaling","name":"测试%d","phone":"139%08d","email":"s%d@example.com","region":"%s","industry":"%s","budget":"50-200万"}',
    n, n, n, regions[math.random(#regions)], industries[math.random(#industries)])
  return wrk.format("POST", "/api/v1/leads", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end
