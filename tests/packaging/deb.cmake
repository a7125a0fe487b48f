# Builds the Debian package from a chiso build tree with cpack, unpacks it into a scratch root
# (dpkg -x: no container, no root rights, nothing installed on the machine) and runs the
# packaged program from there as a user would after `apt-get install ./chiso_*.deb`.
#
#   cmake -DBUILD=<build dir> -DOUT=<scratch dir> -DCPACK=<cpack> -DVERSION=<x.y.z>
#         -DTABLE=<annex csv> -P deb.cmake
#
# CHISO_DATA_DIR must be unset: the program has to find its criteria beside itself
# (<root>/usr/share/chiso), not through the environment, the build's prefix or the source tree.
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " cmd "${ARGN}")
    message(FATAL_ERROR "${cmd} failed (${rc}):\n${out}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

function(expect text regex what)
  if(NOT text MATCHES "${regex}")
    message(FATAL_ERROR "${what}: expected /${regex}/ in:\n${text}")
  endif()
endfunction()

# Reuses the build tree: cpack installs what is already built.
run(${CPACK} -G DEB --config ${BUILD}/CPackConfig.cmake -B ${OUT})
file(GLOB debs ${OUT}/chiso_${VERSION}_*.deb)
list(LENGTH debs n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "expected one chiso_${VERSION}_<arch>.deb in ${OUT}, found: ${debs}")
endif()
message(STATUS "package: ${debs}")

run(dpkg-deb --field ${debs} Package Version Depends)
expect("${out}" "Package: chiso\nVersion: ${VERSION}\n" "control fields")
expect("${out}" "Depends: [^\n]*libyaml-cpp" "the program's shared libraries are Depends")
message(STATUS "${out}")

set(root ${OUT}/root)
run(dpkg -x ${debs} ${root})
foreach(f usr/bin/chiso usr/share/man/man1/chiso.1 usr/share/bash-completion/completions/chiso
          usr/share/chiso/criteria/catalog.yaml usr/include/chiso/chiso.hpp
          usr/share/chiso/criteria/par-index-province-876.yaml
          usr/share/doc/chiso/import-tree.md usr/share/doc/chiso/errors.md)
  if(NOT EXISTS ${root}/${f})
    message(FATAL_ERROR "the package has no /${f}")
  endif()
endforeach()

set(chiso ${root}/usr/bin/chiso)
run(${chiso} --version)
expect("${out}" "^chiso ${VERSION}\n$" "chiso --version")

run(${chiso} list --index par-index --level tinh --year 2024 --format csv)
expect("${out}" "par-index-province-892,par-index,tinh,[^\n]*,\"892/QĐ-BNV, 05/12/2024\",not_shipped"
       "chiso list for 2024")
run(${chiso} list --index par-index --level tinh --year 2024 --lang en)
string(REPLACE "+" "\\+" root_regex "${root}")
expect("${out}" "\nDirectory: ${root_regex}/usr/share/chiso/criteria\n" "criteria found beside the program")
expect("${out}" "its tree is not shipped; import the decision's annex table with `chiso import-tree"
       "chiso list points to import-tree")

# The user's round trip with the installed program: import an annex table, validate the tree.
run(${chiso} import-tree ${TABLE} --id imported --name "Imported" --level tinh --year 2022)
file(WRITE ${OUT}/imported.yaml "${out}")
run(${chiso} validate ${OUT}/imported.yaml)
expect("${out}" "imported" "validate the imported tree")
message(STATUS "installed chiso: --version, list, import-tree and validate ok")
