// Everything of chiso's public API.
#pragma once

#include "chiso/bands.hpp"
#include "chiso/batch.hpp"
#include "chiso/compare.hpp"
#include "chiso/criteria_loader.hpp"
#include "chiso/decimal.hpp"
#include "chiso/error.hpp"
#include "chiso/format.hpp"
#include "chiso/gaps.hpp"
#include "chiso/ranking.hpp"
#include "chiso/report.hpp"
#include "chiso/score.hpp"
#include "chiso/sheet.hpp"
#include "chiso/source_location.hpp"
#include "chiso/stages.hpp"
#include "chiso/tree.hpp"
#include "chiso/unit_set.hpp"
