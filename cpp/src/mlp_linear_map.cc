// The collapsed linear map of a network whose hidden layers are all identity (Eigen, in double). Apart
// from mlp_diagnostics.cc so that it is built for size (-Oz) with the Eigen code it instantiates: it
// runs once per call.
#include <string>
#include <vector>

#include "ap/mlp.h"
#include "mlp_eigen.h"

namespace ap {

Status Mlp::linear_map(std::vector<float>& weights, std::vector<float>& biases) const {
  for (std::size_t l = 0; l + 1 < layout_.size(); ++l)
    if (spec_.hidden[l].act != Act::identity)
      return range_error("hidden layer " + std::to_string(l) + " has activation " + act_name(spec_.hidden[l].act) +
                             ", not identity: only a network of identity hidden layers collapses to one affine map");
  // Compose z = W_L (... (W_1 f + b_1) ...) + b_L in double: M <- W M, c <- W c + b, from M = I, c = 0.
  using detail::matrix;
  const auto in = static_cast<Eigen::Index>(input_size());
  detail::RowMatrixXd M = detail::RowMatrixXd::Identity(in, in);
  Eigen::VectorXd c = Eigen::VectorXd::Zero(in);
  for (const LayerLayout& lay : layout_) {
    const detail::RowMatrixXd W = matrix(params_.data() + lay.w, lay.units, lay.inputs).cast<double>();
    // lazyProduct: Eigen's coefficient-wise product, not its blocked GEMM/GEMV kernels (about 20 KB of
    // engine.wasm for a call that runs once; M has input_size() columns). It writes into its
    // destination as it goes, so the old M and c are read from copies.
    M = W.lazyProduct(detail::RowMatrixXd(M));
    c = W.lazyProduct(Eigen::VectorXd(c)) + detail::array(params_.data() + lay.b, lay.units).matrix().cast<double>();
  }
  weights.assign(M.data(), M.data() + M.size());
  biases.assign(c.data(), c.data() + c.size());
  return {};
}

}  // namespace ap
