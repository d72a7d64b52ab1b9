#include "select/run_selection.h"

#include "common/error.h"
#include "select/js_selection.h"
#include "select/fisher/fisher_selection.h"
#include "select/random_selection.h"

namespace crsw {

namespace {

std::string blockList(const FeatureView &view)
{
    std::string names;
    for (const FeatureView::Block &block : view.blocks())
        names += (names.empty() ? "\"" : ", \"") + block.name + "\"";
    return names;
}

} // namespace

void checkFeatureBlocks(const FeatureView &view, SelectionStrategy strategy, const SelectionParams &params)
{
    const std::string name = strategyName(strategy);
    switch (strategy) {
    case SelectionStrategy::RandomUniform:
        return;
    case SelectionStrategy::JS:
    case SelectionStrategy::Fisher:
        if (!view.isPlain())
            throw Error({{}, 0, "features"}, name + " uses the review embeddings alone, but the features carry the "
                                                 + blockList(view) + " block(s); use METADATA_" + name + " or USER_"
                                                 + name);
        return;
    case SelectionStrategy::MetadataJS:
    case SelectionStrategy::MetadataFisher:
    case SelectionStrategy::UserJS:
    case SelectionStrategy::UserFisher:
        break;
    }
    const bool metadata = strategy == SelectionStrategy::MetadataJS || strategy == SelectionStrategy::MetadataFisher;
    const char *wanted = metadata ? FeatureView::kMetadataBlock : FeatureView::kUserBlock;
    const double weight = metadata ? params.metadataWeight : params.userWeight;
    const FeatureView::Block *block = view.findBlock(wanted);
    if (!block || view.blocks().size() != 1)
        throw Error({{}, 0, "features"}, name + " needs the review embeddings plus exactly the \"" + wanted
                                             + "\" block; the features carry "
                                             + (view.isPlain() ? std::string("no block") : blockList(view)));
    if (block->weight != float(weight))
        throw Error({{}, 0, metadata ? "metadata weight" : "user weight"},
                    "the \"" + std::string(wanted) + "\" block is weighted " + std::to_string(block->weight)
                        + " but the parameters say " + std::to_string(weight));
}

SelectionResult runSelection(const FeatureView &view, SelectionStrategy strategy, const SelectionParams &paramsIn,
                             Progress &progress, const PickObserver &observer, const EmbeddingMatrix *centers)
{
    SelectionParams params = paramsIn;
    const SelectionStrategy base = baseAlgorithm(strategy);
    if (centers) {
        if (base != SelectionStrategy::JS)
            throw Error({{}, 0, "centers"}, "centres apply to the JS strategies only, not " + strategyName(strategy));
        if (centers->empty())
            throw Error({{}, 0, "centers"}, "the centres matrix has no rows");
        if (centers->cols() != view.dimension())
            throw Error({{}, 0, "centers"}, "the centres have " + std::to_string(centers->cols())
                                                + " dimensions but the features have "
                                                + std::to_string(view.dimension()));
        params.clusters = int(centers->rows());
    }
    validateSelectionParams(strategy, params, view.rows());
    checkFeatureBlocks(view, strategy, params);
    view.validate("embeddings", params.threads);

    SelectionResult result;
    switch (base) {
    case SelectionStrategy::JS:
        result = selectJS(view, params, progress, observer, centers);
        break;
    case SelectionStrategy::Fisher:
        result = selectFisher(view, params, progress, observer);
        break;
    default:
        result = selectRandomUniform(view.rows(), params, progress, observer);
        break;
    }
    result.strategy = strategy;
    result.params = params;
    return result;
}

} // namespace crsw
