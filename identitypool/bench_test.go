package identitypool_test

import (
	"context"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ci "github.com/aws/aws-sdk-go-v2/service/cognitoidentity"
)

// BenchmarkGetIdAndCredentials drives the enhanced flow over HTTP with the
// AWS SDK from parallel clients (8 per CPU), each signed in as one of the
// test users: GetId, then GetCredentialsForIdentity, per operation. It
// reports pairs per second, and the process's CPU time per pair (server
// and clients together) with the rate it allows on all of the machine's
// CPUs, which other processes on a busy machine do not disturb.
//
//	go test -run '^$' -bench GetIdAndCredentials -benchtime 5s ./identitypool/
func BenchmarkGetIdAndCredentials(b *testing.B) {
	benchGetIDAndCredentials(b, newEnv(b), demoPool)
}

// BenchmarkGetIdAndCredentialsServerSideTokenCheck is
// BenchmarkGetIdAndCredentials for a pool whose provider has
// ServerSideTokenCheck: each call also reads the user's record.
func BenchmarkGetIdAndCredentialsServerSideTokenCheck(b *testing.B) {
	benchGetIDAndCredentials(b, newTokenCheckEnv(b).env, checkedPool)
}

func benchGetIDAndCredentials(b *testing.B, e *env, pool string) {
	users := []string{demoUser, adminUser, editorUser, twoRoles}
	logins := make([]map[string]string, len(users))
	for i, u := range users {
		logins[i] = e.logins(u)
		e.mustGetID(pool, logins[i]) // identities exist, as for returning users
	}
	var client atomic.Int32
	b.SetParallelism(8)
	cpu0 := processCPU()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		l := logins[int(client.Add(1))%len(logins)]
		ctx := context.Background()
		for pb.Next() {
			id, err := e.ident.GetId(ctx, &ci.GetIdInput{IdentityPoolId: aws.String(pool), Logins: l})
			if err != nil {
				b.Errorf("GetId: %v", err)
				return
			}
			if _, err := e.ident.GetCredentialsForIdentity(ctx, &ci.GetCredentialsForIdentityInput{
				IdentityId: id.IdentityId, Logins: l}); err != nil {
				b.Errorf("GetCredentialsForIdentity: %v", err)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pairs/s")
	if cpu := processCPU() - cpu0; cpu > 0 {
		perOp := cpu.Seconds() / float64(b.N)
		b.ReportMetric(perOp*1e3, "cpu-ms/pair")
		b.ReportMetric(float64(runtime.NumCPU())/perOp, "cpu-bound-pairs/s")
	}
}
