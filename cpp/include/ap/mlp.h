// A small multilayer perceptron over 2-D points (feature transforms computed inside the network) or
// over n raw input columns: dense layers with any catalogue activation, sigmoid / softmax /
// any-activation outputs, BCE / softmax cross-entropy / MSE, SGD, momentum and Adam, L1/L2, and the
// diagnostics the playground draws every frame.
//
// Layout: all parameters live in one contiguous float vector; layer l holds W_l (units x inputs,
// row-major), then b_l (units), then its learnable activation parameters (0, 1 or units values).
// Activations inside a batch are unit-major (unit u's values over the batch are contiguous), so
// that the inner loops run over the batch and vectorise, and a per-unit activation parameter is one
// catalogue call per unit. Everything a training step touches is allocated once; fit() runs all its
// epochs in one call.
#pragma once
#include <cstddef>
#include <cstdint>
#include <new>
#include <optional>
#include <string_view>
#include <vector>

#include "ap/activations.h"
#include "ap/rng.h"

namespace ap {

/// Input features computed from a raw point (x1, x2) inside the network.
enum class Feature : std::uint8_t { x1, x2, x1_sq, x2_sq, x1_x2, sin_x1, sin_x2 };
enum class Loss : std::uint8_t { bce, cross_entropy, mse };
enum class OptimizerKind : std::uint8_t { sgd, momentum, adam };
enum class Regularization : std::uint8_t { none, l1, l2 };
enum class Init : std::uint8_t { xavier, he, lecun, uniform };
/// Which activation parameter is learnable (prelu's alpha, swish's beta), and how many copies.
enum class Learn : std::uint8_t { none, shared, per_unit };

inline constexpr std::size_t kFeatureCount = 7;
inline constexpr std::size_t kMaxLayers = 16;   ///< hidden layers
inline constexpr int kMaxUnits = 512;           ///< units per layer
inline constexpr std::size_t kMaxInputs = 1024; ///< raw input columns (MlpSpec::inputs)
// The limits of one call. The bindings export these (engine.limits in JS), and every check in the
// TS layer, the worker helper and here reads them: each is written only here.
inline constexpr int kMaxEpochs = 1000000;      ///< epochs of one fit()
inline constexpr int kMaxBatchSize = 1000000;   ///< points per mini-batch (fit() uses min(batch, n))
inline constexpr std::size_t kMaxGridSide = 4096;  ///< grid.width and grid.height of predictGrid/layerOutputsGrid

/// Names as the JS API spells them ("x1^2", "cross_entropy", "momentum", "l2", "he", "unit").
std::optional<Feature> feature_from_name(std::string_view);
std::optional<Loss> loss_from_name(std::string_view);
std::optional<OptimizerKind> optimizer_from_name(std::string_view);
std::optional<Regularization> regularization_from_name(std::string_view);
std::optional<Init> init_from_name(std::string_view);
std::optional<Learn> learn_from_name(std::string_view);
const char* feature_name(Feature);
const char* loss_name(Loss);
const char* optimizer_name(OptimizerKind);
const char* regularization_name(Regularization);
const char* init_name(Init);
const char* learn_name(Learn);

struct LayerSpec {
  LayerSpec() = default;
  /// units of activation `a` with the catalogue's default parameters.
  LayerSpec(int n, Act a) : units(n), act(a), params(default_params(a)) {}

  int units = 1;
  Act act = Act::identity;
  /// Output layers only: softmax over the units (act is then ignored).
  bool softmax = false;
  ActParams params{};
  Learn learn = Learn::none;
};

struct OptimizerSpec {
  OptimizerKind kind = OptimizerKind::sgd;
  float learning_rate = 0.03f;
  float momentum = 0.9f;  ///< momentum: v = momentum v + g; w -= lr v  (PyTorch's form)
  float beta1 = 0.9f;     ///< Adam
  float beta2 = 0.999f;
  float epsilon = 1e-8f;
};

struct MlpSpec {
  /// The 2-D form: features computed from each point (x1, x2). Must be empty when `inputs` is set.
  std::vector<Feature> features{Feature::x1, Feature::x2};
  /// Raw-input form when non-zero: each point is `inputs` floats (1 .. kMaxInputs) that feed the first
  /// layer as they are; features must then be empty, and grids (predict_grid, layer_outputs_grid) refused.
  std::size_t inputs = 0;
  std::vector<LayerSpec> hidden;
  LayerSpec output{1, Act::sigmoid};
  Loss loss = Loss::bce;
  OptimizerSpec optimizer{};
  Regularization regularization = Regularization::none;
  float regularization_rate = 0.0f;
  Init init = Init::xavier;
  std::uint64_t seed = 1;
};

namespace detail {
/// Allocates on 64-byte boundaries (a cache line): the MLP's work buffers are read in 16-byte
/// vectors, and malloc's 8-byte alignment would split one load in four across two lines.
template <class T>
struct CacheLineAllocator {
  using value_type = T;
  CacheLineAllocator() = default;
  template <class U>
  CacheLineAllocator(const CacheLineAllocator<U>&) {}
  T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t{64})); }
  void deallocate(T* p, std::size_t) { ::operator delete(p, std::align_val_t{64}); }
  template <class U>
  bool operator==(const CacheLineAllocator<U>&) const { return true; }
  template <class U>
  bool operator!=(const CacheLineAllocator<U>&) const { return false; }
};
using WorkBuffer = std::vector<float, CacheLineAllocator<float>>;
}  // namespace detail

/// Where layer l's parameters sit in parameters(): offsets and sizes in floats.
struct LayerLayout {
  std::size_t inputs = 0, units = 0;
  std::size_t w = 0;  ///< offset of W (units x inputs, row-major)
  std::size_t b = 0;  ///< offset of b (units)
  std::size_t p = 0;  ///< offset of the learnable activation parameters
  std::size_t np = 0; ///< their count: 0, 1 (shared) or units
};

/// A rectangle of points: width x height, row-major, row 0 at the top (y = y1) and column 0 at the
/// left (x = x0); ends included (a single column or row sits at the middle).
struct Grid {
  double x0 = -6, x1 = 6, y0 = -6, y1 = 6;
  std::size_t width = 1, height = 1;
};

struct FitResult {
  double loss = 0;          ///< mean data loss over the last epoch's points, each taken before its step
  std::uint64_t epoch = 0;  ///< epochs trained since creation
};

struct EvalResult {
  double loss = 0;      ///< mean data loss (no regularisation term)
  double accuracy = 0;  ///< fraction classified right: argmax, or output >= 0.5 for one unit; NaN (and
                        ///< loss NaN unless infinite) when an output is NaN or infinite (diverged)
};

/// One layer's part of an example's forward and backward pass (Mlp::trace). Per unit unless noted.
struct LayerTrace {
  std::vector<float> z;           ///< pre-activation z = W a_in + b
  std::vector<float> a;           ///< activation a = f(z)
  std::vector<float> derivative;  ///< f'(z) (empty for softmax, whose derivative is a Jacobian)
  std::vector<float> delta;       ///< dL/dz
  std::vector<float> weight_grad; ///< dL/dW = delta a_in^T (units x inputs, row-major)
  std::vector<float> bias_grad;   ///< dL/db (= delta for one example)
  std::vector<float> param_grad;  ///< dL/d(learnable activation parameter): 0, 1 or units values
  /// What step() on this example would add to W, b and the learnable parameter (new - old, float32):
  /// the optimizer's actual update, momentum, Adam's moments and the regulariser included.
  std::vector<float> weight_step, bias_step, param_step;
};

/// Mlp::trace: the loss, the input features and every layer (hidden layers, then the output).
struct ExampleTrace {
  double loss = 0;  ///< data loss of the example (no regularisation term)
  std::vector<float> features;
  std::vector<LayerTrace> layers;
};

class Mlp {
 public:
  /// Fails for a spec no network can be built from, naming the field ("hidden[0].units must be ...").
  static Status validate(const MlpSpec& spec);
  /// Initialises the weights from spec.seed; biases start at 0. The spec must pass validate().
  explicit Mlp(const MlpSpec& spec);

  // The checks of call arguments. The calls below run every frame of training, so they do not check
  // again: each says which check its arguments must pass (what they do otherwise is undefined).
  /// n >= 1 points of point_size() finite values each.
  Status check_points(const float* x, std::size_t n) const;
  /// check_points, and n targets fit for the loss (class indices, [0, 1] for bce, finite).
  Status check_data(const float* x, const float* y, std::size_t n) const;
  /// check_data, epochs in [1, kMaxEpochs], batch_size in [1, kMaxBatchSize], n below 2^32.
  Status check_fit(const float* x, const float* y, std::size_t n, int epochs, int batch_size) const;
  /// layer in [-1, layer_count() - 1].
  Status check_layer(int layer) const;
  /// A network of the 2-D form, and a grid with finite min < max and sides in [1, kMaxGridSide].
  Status check_grid(const Grid& grid) const;

  const MlpSpec& spec() const { return spec_; }
  /// Hidden layers plus the output layer.
  std::size_t layer_count() const { return layout_.size(); }
  const LayerLayout& layout(std::size_t layer) const { return layout_.at(layer); }
  /// Width of the first layer's input: the number of features, or of raw inputs.
  std::size_t input_size() const { return raw_inputs() ? spec_.inputs : spec_.features.size(); }
  /// Floats per point in every x argument: spec.inputs in the raw-input form, else 2 (x1, x2).
  std::size_t point_size() const { return raw_inputs() ? spec_.inputs : 2; }
  bool raw_inputs() const { return spec_.inputs != 0; }
  std::size_t output_size() const { return layout_.back().units; }
  std::uint64_t epoch() const { return epoch_; }
  std::uint64_t step_count() const { return steps_; }

  /// Trains on n points (x: n * point_size() row-major; y: n targets, see check_targets) for `epochs` passes in
  /// mini-batches of batch_size (the last one may be smaller), reshuffling each epoch if asked.
  /// Arguments: check_fit.
  FitResult fit(const float* x, const float* y, std::size_t n, int epochs, int batch_size, bool shuffle);
  /// Arguments: check_data.
  EvalResult evaluate(const float* x, const float* y, std::size_t n);
  /// out: n * output_size(), point-major. Arguments: check_points.
  void predict(const float* x, std::size_t n, float* out);
  /// out: width * height * output_size(), point-major over the grid (see Grid). Arguments: check_grid.
  void predict_grid(const Grid& grid, float* out);
  /// Outputs of layer `layer` (0 .. layer_count()-1; -1 = the input features), point-major: n * units.
  /// Arguments: check_layer, check_points.
  void layer_outputs(int layer, const float* x, std::size_t n, float* out);
  /// The same over a grid, unit-major: units images of width * height each (one heat map per unit).
  /// Arguments: check_layer, check_grid.
  void layer_outputs_grid(int layer, const Grid& grid, float* out);
  /// Arguments: check_layer.
  std::size_t layer_width(int layer) const;
  /// dLoss/dparameter averaged over the n points, laid out like parameters(); no update.
  /// Arguments: check_data.
  void gradients(const float* x, const float* y, std::size_t n, float* out);
  /// One example (x: 2 coordinates, y: its target) through the network and back, without changing it:
  /// the same numbers as gradients() on a one-point batch, plus the update step() would apply.
  /// Arguments: check_data with n = 1.
  ExampleTrace trace(const float* x, const float* y);
  /// Exactly one optimizer step on one example (as one batch of fit() with batch size 1); the epoch
  /// count is unchanged. Returns the example's data loss before the step. Arguments: check_data, n = 1.
  double step(const float* x, const float* y);
  /// Units whose output is exactly 0 on all n points, per hidden layer. Arguments: check_points.
  std::vector<int> dead_units(const float* x, std::size_t n);
  /// Per layer: Euclidean norm of the last training step's gradient (W, b and activation parameters).
  std::vector<float> last_gradient_norms() const;
  /// When every hidden activation is the identity, the network's output pre-activation is A f + c
  /// for the features f: weights (output_size x input_size, row-major) and biases (output_size).
  /// Fails otherwise.
  Status linear_map(std::vector<float>& weights, std::vector<float>& biases) const;

  const std::vector<float>& parameters() const { return params_; }
  /// Replaces all parameters; fails, changing nothing, unless count equals parameters().size() and
  /// every value is finite. The setters below check theirs the same way.
  Status set_parameters(const float* values, std::size_t count);
  Status set_learning_rate(float lr);

  /// Optimizer state: first and second moments (same layout as parameters(); momentum uses the first).
  const std::vector<float>& moment1() const { return m1_; }
  const std::vector<float>& moment2() const { return m2_; }
  Status set_optimizer_state(const float* m1, const float* m2, std::size_t count, std::uint64_t steps,
                           std::uint64_t epoch);
  const Rng& rng() const { return rng_; }
  Status set_rng(std::uint64_t state, std::uint64_t increment);

 private:
  Status check_targets(const float* y, std::size_t n) const;
  struct Coordinates {
    float* x1;
    float* x2;
  };
  Coordinates coordinate_rows(std::size_t b, float* f);
  void features(const float* x, const std::uint32_t* idx, std::size_t b, float* f);
  void raw_features(const float* x, const std::uint32_t* idx, std::size_t b, float* f) const;
  void forward(std::size_t b, int upto, bool derivatives = false);
  void activate(std::size_t l, std::size_t b, bool derivative);
  bool fused_output() const;
  double loss_and_output_grad(const float* y, const std::uint32_t* idx, std::size_t b, double scale,
                              std::size_t* correct, bool want_loss = true);
  void act_backward(std::size_t l, std::size_t b, float* d);
  void backward(std::size_t b);
  void apply_update();
  /// One training step on b points (point idx[k] of x and y, or point k without idx): forward,
  /// gradient, update. Returns the batch's summed data loss when want_loss (else 0).
  double train_batch(const float* x, const float* y, const std::uint32_t* idx, std::size_t b, bool want_loss);
  void reserve(std::size_t b);
  void derive_features(std::size_t b, float* f, const Coordinates& c);
  void grid_points(const Grid& grid, const float* columns, std::size_t start, std::size_t b, float* x1, float* x2) const;
  // Forward pass through layer `upto` over points (or a grid) in chunks; body(start, b) reads a_.
  template <class Body>
  void over_points(const float* x, std::size_t n, int upto, Body&& body, bool derivatives = false);
  template <class Body>
  void over_grid(const Grid& grid, int upto, Body&& body);
  ActParams unit_params(std::size_t l, std::size_t u) const;

  MlpSpec spec_;
  std::vector<LayerLayout> layout_;
  std::vector<float> params_, grads_, m1_, m2_;
  Rng rng_;
  std::uint64_t epoch_ = 0, steps_ = 0;
  std::size_t cap_ = 0;                 // batch capacity of the buffers below
  std::vector<detail::WorkBuffer> z_;   // pre-activations per layer, unit-major
  std::vector<detail::WorkBuffer> a_;   // a_[0] = features; a_[l+1] = outputs of layer l
  std::vector<detail::WorkBuffer> df_;  // f'(z) per layer, unit-major, from a forward pass for training
  detail::WorkBuffer delta_, delta2_;   // dL/dz of the current layer and of the one below
  bool delta_is_dz_ = true;             // false: delta_ holds dL/da of the output layer
  std::vector<std::optional<Param>> learn_;  // per layer: the trained activation parameter, if any
  detail::WorkBuffer pd_;               // scratch: raw coordinates, parameter derivatives
  std::vector<std::uint32_t> idx_;
  std::vector<float> logits_;           // fit() on the fused sigmoid + BCE output: the reported epoch's logits, then scratch
};

}  // namespace ap
