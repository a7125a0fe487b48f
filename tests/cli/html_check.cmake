# Writes the HTML report with the CLI, loads it in headless Chromium and checks the DOM the
# browser built: the page must parse and carry the figures of seed 004.
#   -DCHISO=<cli> -DCHROMIUM=<browser> -DWORKDIR=<source dir> -DOUT=<dir>
# The DOM headless Chromium builds from an HTML file (flags as this workplace needs them).
function(chromium_dom file out)
  execute_process(COMMAND "${CHROMIUM}" --headless --no-sandbox --disable-gpu --disable-quic
                          --no-first-run --disable-background-networking
                          --disable-component-update --disable-sync
                          "--user-data-dir=${OUT}/chromium-profile" --dump-dom "file://${file}"
                  OUTPUT_VARIABLE dom ERROR_VARIABLE err RESULT_VARIABLE rc TIMEOUT 120)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "chromium failed (${rc}): ${err}")
  endif()
  set(${out} "${dom}" PARENT_SCOPE)
endfunction()

set(html "${OUT}/report.html")
execute_process(COMMAND "${CHISO}" report -c criteria/par-index-province-876-seed004.yaml
                        examples/data/can-tho-2022.yaml -o "${html}" --rounding truncate
                WORKING_DIRECTORY "${WORKDIR}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "chiso report failed: ${rc}")
endif()
chromium_dom("${html}" dom)
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
# The multi-unit page: ranked table, band counts (the published 10 / 17 / 2 of 2023, seed
# 000:26-31, from constructed per-unit scores) and one unit's gap bars.
set(html2 "${OUT}/report-units.html")
execute_process(COMMAND "${CHISO}" report -c examples/data/so-huyen-constructed-criteria.yaml
                        --csv examples/data/can-tho-units-2023-constructed.csv --year 2023
                        --bands criteria/bands/can-tho-so-huyen-2017.yaml
                        --previous-csv examples/data/can-tho-units-2017-constructed.csv
                        --previous-year 2017 --unit xay-dung -o "${html2}" --lang vi
                WORKING_DIRECTORY "${WORKDIR}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "chiso report (units) failed: ${rc}")
endif()
chromium_dom("${html2}" dom)
foreach(expected
    "<html lang=\"vi\">"
    "<td>so</td><td>04/20</td><td>noi-vu</td><td>Sở Nội vụ</td><td class=\"num\">94,33</td><td>Rất tốt</td><td>tu-phap</td><td class=\"num\">20</td><td>tăng 16 bậc</td><td>\\+24,13 pp</td>"
    "<td>\\(tất cả\\)</td><td>Rất tốt</td><td class=\"num\">10</td>"
    "<td>\\(tất cả\\)</td><td>Tốt</td><td class=\"num\">17</td>"
    "<td>\\(tất cả\\)</td><td>Khá</td><td class=\"num\">2</td>"
    "Sở Xây dựng, 2023"
    # Charts of the ranked result: units' % coloured by band, band counts, rank changes.
    "<h2>% của điểm tối đa theo đơn vị, màu theo xếp loại \\(so\\)</h2>"
    "<span data-series=\"Rất tốt\"><i style=\"background:#2e7d32\"></i>Rất tốt</span>"
    "data-code=\"noi-vu\" data-series=\"Rất tốt\"><span class=\"code\">noi-vu</span><span class=\"track\"><span class=\"bar\" style=\"display:block;width:94.33%;background:#2e7d32\">"
    "<h2>Số đơn vị theo xếp loại \\(huyen\\)</h2>"
    "<h2>Thay đổi hạng so với năm 2017</h2>"
    "data-code=\"noi-vu\" data-series=\"tăng\"><span class=\"code\">noi-vu</span>.*tăng 16 bậc")
  if(NOT dom MATCHES "${expected}")
    message(FATAL_ERROR "the DOM Chromium built lacks: ${expected}")
  endif()
endforeach()
# The same page in English (--lang en): the page's language, chart titles, legend and the
# rank-change words follow it; unit names, bands (the scheme's own labels) and figures do not.
execute_process(COMMAND "${CHISO}" report -c examples/data/so-huyen-constructed-criteria.yaml
                        --csv examples/data/can-tho-units-2023-constructed.csv --year 2023
                        --bands criteria/bands/can-tho-so-huyen-2017.yaml
                        --previous-csv examples/data/can-tho-units-2017-constructed.csv
                        --previous-year 2017 --unit xay-dung -o "${OUT}/report-units-en.html"
                        --lang en
                WORKING_DIRECTORY "${WORKDIR}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "chiso report --lang en failed: ${rc}")
endif()
file(READ "${OUT}/report-units-en.html" page)
foreach(expected
    "<html lang=\"en\">"
    "<td>Sở Nội vụ</td><td class=\"num\">94,33</td><td>Rất tốt</td><td>tu-phap</td><td class=\"num\">20</td><td>up 16</td>"
    "<h2>% of the maximum by unit, coloured by band \\(so\\)</h2>"
    "<h2>Units per band \\(huyen\\)</h2>"
    "<h2>Rank change since 2017</h2>"
    "data-code=\"noi-vu\" data-series=\"up\"><span class=\"code\">noi-vu</span>.*up 16<")
  if(NOT page MATCHES "${expected}")
    message(FATAL_ERROR "the English page lacks: ${expected}")
  endif()
endforeach()
foreach(vietnamese "tăng" "giảm" "bậc" "Thay đổi hạng" "Số đơn vị theo")
  if(page MATCHES "${vietnamese}")
    message(FATAL_ERROR "the English page still says '${vietnamese}'")
  endif()
endforeach()
message(STATUS "Chromium rendered both reports with the expected figures")
