# Writes the HTML report with the CLI, loads it in headless Chromium and checks the DOM the
# browser built: the page must parse and carry the figures of seed 004.
#   -DCHISO=<cli> -DCHROMIUM=<browser> -DWORKDIR=<source dir> -DOUT=<dir>
set(html "${OUT}/report.html")
execute_process(COMMAND "${CHISO}" report -c criteria/par-index-province-876-seed004.yaml
                        examples/data/can-tho-2022.yaml -o "${html}" --rounding truncate
                WORKING_DIRECTORY "${WORKDIR}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "chiso report failed: ${rc}")
endif()
execute_process(COMMAND "${CHROMIUM}" --headless --no-sandbox --disable-gpu --disable-quic
                        --no-first-run --disable-background-networking --disable-component-update
                        --disable-sync "--user-data-dir=${OUT}/chromium-profile" --dump-dom
                        "file://${html}"
                OUTPUT_VARIABLE dom ERROR_VARIABLE err RESULT_VARIABLE rc TIMEOUT 120)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "chromium failed (${rc}): ${err}")
endif()
foreach(expected
    "<h1>Chỉ số cải cách hành chính cấp tỉnh"
    "PARTIAL tree"
    "<td>5</td><td class=\"num\">3,4934</td>"
    "data-code=\"5.4\"><span class=\"code\">5.4</span><span class=\"track\"><span class=\"bar\" style=\"display:block;width:0.00%\">"
    "data-code=\"7.3.7\"><span class=\"code\">7.3.7</span><span class=\"track\"><span class=\"bar\" style=\"display:block;width:42.93%\">"
    "0,00% \\(−1,5000\\)")
  if(NOT dom MATCHES "${expected}")
    message(FATAL_ERROR "the DOM Chromium built lacks: ${expected}\n${dom}")
  endif()
endforeach()
message(STATUS "Chromium rendered the report with the expected figures")
