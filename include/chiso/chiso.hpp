// Everything of chiso's public API.
#pragma once

#include "chiso/criteria_loader.hpp"
#include "chiso/decimal.hpp"
#include "chiso/error.hpp"
#include "chiso/format.hpp"
#include "chiso/gaps.hpp"
#include "chiso/html_report.hpp"
#include "chiso/planner.hpp"
#include "chiso/report.hpp"
#include "chiso/scenario.hpp"
#include "chiso/score.hpp"
#include "chiso/sheet.hpp"
#include "chiso/source_location.hpp"
#include "chiso/table.hpp"
#include "chiso/tree.hpp"
#include "chiso/uncertainty.hpp"
