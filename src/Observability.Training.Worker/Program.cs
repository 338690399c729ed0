using Observability.Training.Worker;
using TorchSharp;

TorchNativeLoader.EnsureLoaded();
var t = torch.ones(3) * 2;
Console.WriteLine(t.sum().item<float>());
return 0;
