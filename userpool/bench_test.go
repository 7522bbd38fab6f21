package userpool_test

import (
	"context"
	"runtime"
	"testing"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
)

// The benchmarks drive the whole server over HTTP with the AWS SDK, from
// parallel clients (8 per CPU), and report operations per second. The
// clients' work (SRP's client half, the SDK) runs in the same process.
// Besides the wall-clock rate they report the process's CPU time per
// operation and the rate that CPU time allows on all of the machine's CPUs,
// which other processes on a busy machine do not disturb.
//
//	go test -run '^$' -bench . -benchtime 5s ./userpool/

const benchParallelism = 8

// measure runs the timed part of a benchmark and reports its rates.
func measure(b *testing.B, run func()) {
	b.SetParallelism(benchParallelism)
	cpu0 := processCPU()
	b.ResetTimer()
	run()
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
	if cpu := processCPU() - cpu0; cpu > 0 {
		perOp := cpu.Seconds() / float64(b.N)
		b.ReportMetric(perOp*1e3, "cpu-ms/op")
		b.ReportMetric(float64(runtime.NumCPU())/perOp, "cpu-bound-ops/s")
	}
}

func BenchmarkSRPSignIn(b *testing.B) {
	e := newEnv(b)
	measure(b, func() {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				out, err := e.srpSignIn(demoClient, demoPool, demoUser, demoPassword)
				if err != nil || out.AuthenticationResult == nil {
					b.Errorf("SRP sign-in: %v", err)
					return
				}
			}
		})
	})
}

func BenchmarkUserPasswordAuth(b *testing.B) {
	e := newEnv(b)
	measure(b, func() {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				out, err := e.passwordAuth(demoClient, demoUser, demoPassword, nil)
				if err != nil || out.AuthenticationResult == nil {
					b.Errorf("USER_PASSWORD_AUTH: %v", err)
					return
				}
			}
		})
	})
}

func BenchmarkGetUser(b *testing.B) {
	e := newEnv(b)
	out, err := e.passwordAuth(demoClient, demoUser, demoPassword, nil)
	if err != nil {
		b.Fatal(err)
	}
	in := &cip.GetUserInput{AccessToken: out.AuthenticationResult.AccessToken}
	measure(b, func() {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := e.idp.GetUser(context.Background(), in); err != nil {
					b.Errorf("GetUser: %v", err)
					return
				}
			}
		})
	})
}
