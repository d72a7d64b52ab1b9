#pragma once

// Includes <qcustomplot.h>, which this project cannot include directly: its
// header (QCustomPlot 2.1) declares its signals with the `signals` keyword
// and iterates with `foreach` in two inline templates, while the project
// builds with QT_NO_KEYWORDS and QT_NO_FOREACH. Both names are defined only
// around the include and removed again, so no other code can use them.
#if defined(signals) || defined(foreach)
#error "signals/foreach are defined: this header expects QT_NO_KEYWORDS and QT_NO_FOREACH"
#endif
#define signals Q_SIGNALS
// A plain range-for: the two loops only read the plot's own member lists.
#define foreach(variable, container) for (variable : container)
#include <qcustomplot.h>
#undef foreach
#undef signals
