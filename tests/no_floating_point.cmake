# Scores and ranks are exact: no binary floating point may appear in the scoring path.
# (Simulation statistics may use double; their files are not listed here.)
#   -DSOURCE_DIR=<chiso source dir>
file(GLOB files
  ${SOURCE_DIR}/include/chiso/decimal.hpp ${SOURCE_DIR}/src/decimal.cpp
  ${SOURCE_DIR}/include/chiso/format.hpp ${SOURCE_DIR}/src/format.cpp
  ${SOURCE_DIR}/include/chiso/tree.hpp ${SOURCE_DIR}/src/tree.cpp
  ${SOURCE_DIR}/src/criteria_loader.cpp ${SOURCE_DIR}/include/chiso/sheet.hpp
  ${SOURCE_DIR}/src/sheet.cpp ${SOURCE_DIR}/include/chiso/score.hpp ${SOURCE_DIR}/src/score.cpp
  ${SOURCE_DIR}/include/chiso/gaps.hpp ${SOURCE_DIR}/src/gaps.cpp
  ${SOURCE_DIR}/include/chiso/rule.hpp ${SOURCE_DIR}/src/rule.cpp
  ${SOURCE_DIR}/include/chiso/ranking.hpp ${SOURCE_DIR}/src/ranking.cpp
  ${SOURCE_DIR}/include/chiso/batch.hpp ${SOURCE_DIR}/src/batch.cpp
  ${SOURCE_DIR}/include/chiso/bands.hpp ${SOURCE_DIR}/src/bands.cpp
  ${SOURCE_DIR}/include/chiso/compare.hpp ${SOURCE_DIR}/src/compare.cpp
  ${SOURCE_DIR}/include/chiso/stages.hpp ${SOURCE_DIR}/src/stages.cpp
  ${SOURCE_DIR}/include/chiso/unit_set.hpp ${SOURCE_DIR}/src/unit_set.cpp
  ${SOURCE_DIR}/src/catalog.cpp ${SOURCE_DIR}/src/report.cpp ${SOURCE_DIR}/src/table.cpp
  ${SOURCE_DIR}/include/chiso/scenario.hpp ${SOURCE_DIR}/src/scenario.cpp
  ${SOURCE_DIR}/include/chiso/planner.hpp ${SOURCE_DIR}/src/planner.cpp
  ${SOURCE_DIR}/src/simulation_support.hpp ${SOURCE_DIR}/src/simulation_support.cpp
  ${SOURCE_DIR}/src/yaml_support.cpp)
set(offenders "")
foreach(f ${files})
  file(STRINGS ${f} lines REGEX "(^|[^a-z_])(double|float|long double|stod|stof|atof)([^a-z_]|$)")
  foreach(line ${lines})
    # Comments may name the types they avoid.
    if(NOT line MATCHES "^[ \t]*//")
      string(APPEND offenders "${f}: ${line}\n")
    endif()
  endforeach()
endforeach()
if(offenders)
  message(FATAL_ERROR "binary floating point in the scoring path:\n${offenders}")
endif()
list(LENGTH files n)
message(STATUS "${n} scoring-path files checked: no binary floating point")
