package userpool

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/creds"
	"github.com/gatehouse-dev/gatehouse/store"
)

// Groups: those of the configuration and those created through
// CreateGroup (in any pool), with CreateGroup, GetGroup, ListGroups,
// DeleteGroup, AdminAddUserToGroup, AdminRemoveUserFromGroup,
// AdminListGroupsForUser and ListUsersInGroup. Members get the group in
// their tokens (cognito:groups, and the group's role in cognito:roles and
// cognito:preferred_role; see issueTokens).

// kindGroup is the store kind of groups created through the API.
const kindGroup = "userpool-group"

// groupRecord is a group created through CreateGroup: kind kindGroup, id
// groupID(pool, name). Groups of the configuration are described with one
// too, without dates.
type groupRecord struct {
	Pool        string    `json:"pool"`
	Name        string    `json:"name"`
	Description string    `json:"description,omitempty"`
	RoleARN     string    `json:"role_arn,omitempty"`
	Precedence  *int      `json:"precedence,omitempty"`
	Created     time.Time `json:"created"`
	Modified    time.Time `json:"modified"`
}

// groupID is the store id of a group; group names are case-sensitive.
func groupID(pool, name string) string { return pool + "/" + name }

func (g *groupRecord) group() config.Group {
	return config.Group{Name: g.Name, RoleARN: g.RoleARN, Precedence: g.Precedence, Description: g.Description}
}

// groupType is Cognito's GroupType.
type groupType struct {
	GroupName        string     `json:"GroupName"`
	UserPoolId       string     `json:"UserPoolId"`
	Description      string     `json:"Description,omitempty"`
	RoleArn          string     `json:"RoleArn,omitempty"`
	Precedence       *int       `json:"Precedence,omitempty"`
	LastModifiedDate *epochTime `json:"LastModifiedDate,omitempty"`
	CreationDate     *epochTime `json:"CreationDate,omitempty"`
}

func (g *groupRecord) groupType() groupType {
	out := groupType{GroupName: g.Name, UserPoolId: g.Pool, Description: g.Description, RoleArn: g.RoleARN,
		Precedence: g.Precedence}
	if !g.Created.IsZero() {
		created, modified := epochTime(g.Created), epochTime(g.Modified)
		out.CreationDate, out.LastModifiedDate = &created, &modified
	}
	return out
}

// poolGroup returns the pool's group with the given name, or
// errGroupNotFound.
func (s *Service) poolGroup(ctx context.Context, p *config.UserPool, name string) (*groupRecord, error) {
	if g := p.Group(name); g != nil {
		return &groupRecord{Pool: p.ID, Name: g.Name, Description: g.Description, RoleARN: g.RoleARN,
			Precedence: g.Precedence}, nil
	}
	if name == "" {
		return nil, errGroupNotFound
	}
	g, err := s.storedGroups.Get(ctx, groupID(p.ID, name))
	if errors.Is(err, store.ErrNotFound) {
		return nil, errGroupNotFound
	}
	if err != nil {
		return nil, err
	}
	return &g, nil
}

// poolGroups returns all the groups of a pool, by name.
func (s *Service) poolGroups(ctx context.Context, p *config.UserPool) ([]groupRecord, error) {
	var out []groupRecord
	for _, g := range p.Groups {
		out = append(out, groupRecord{Pool: p.ID, Name: g.Name, Description: g.Description, RoleARN: g.RoleARN,
			Precedence: g.Precedence})
	}
	stored, _, err := s.storedGroups.List(ctx, store.ListOptions{Prefix: p.ID + "/"})
	if err != nil {
		return nil, err
	}
	out = append(out, stored...)
	slices.SortFunc(out, func(a, b groupRecord) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

type createGroupInput struct {
	GroupName   string `json:"GroupName"`
	UserPoolId  string `json:"UserPoolId"`
	Description string `json:"Description"`
	RoleArn     string `json:"RoleArn"`
	Precedence  *int   `json:"Precedence"`
}

func (in *createGroupInput) check(v *validation) {
	v.required("groupName", in.GroupName, ruleGroupName)
	v.required("userPoolId", in.UserPoolId, ruleUserPoolID)
	v.str("description", in.Description, ruleDescription)
	v.str("roleArn", in.RoleArn, ruleRoleARN)
	v.intRange("precedence", in.Precedence, 0, 1<<31-1)
}

// createGroup is the CreateGroup operation.
func (s *Service) createGroup(ctx context.Context, _ *creds.Principal, body []byte) (any, error) {
	in, err := decodeRequest(body, (*createGroupInput).check)
	if err != nil {
		return nil, err
	}
	p, err := s.adminPool(ctx, in.UserPoolId)
	if err != nil {
		return nil, err
	}
	if p.Group(in.GroupName) != nil {
		return nil, errGroupExists
	}
	now := s.now()
	g := groupRecord{Pool: p.ID, Name: in.GroupName, Description: in.Description, RoleARN: in.RoleArn,
		Precedence: in.Precedence, Created: now, Modified: now}
	err = s.storedGroups.Create(ctx, groupID(p.ID, in.GroupName), g)
	if errors.Is(err, store.ErrAlreadyExists) {
		return nil, errGroupExists
	}
	if err != nil {
		return nil, err
	}
	s.event(ctx, "group created", slog.String("user_pool", p.ID), slog.String("group", g.Name))
	return map[string]any{"Group": g.groupType()}, nil
}

type groupInput struct {
	GroupName  string `json:"GroupName"`
	UserPoolId string `json:"UserPoolId"`
}

func (in *groupInput) check(v *validation) {
	v.required("groupName", in.GroupName, ruleGroupName)
	v.required("userPoolId", in.UserPoolId, ruleUserPoolID)
}

// getGroup is the GetGroup operation.
func (s *Service) getGroup(ctx context.Context, _ *creds.Principal, body []byte) (any, error) {
	in, err := decodeRequest(body, (*groupInput).check)
	if err != nil {
		return nil, err
	}
	p, err := s.adminPool(ctx, in.UserPoolId)
	if err != nil {
		return nil, err
	}
	g, err := s.poolGroup(ctx, p, in.GroupName)
	if err != nil {
		return nil, err
	}
	return map[string]any{"Group": g.groupType()}, nil
}

// deleteGroup is the DeleteGroup operation: the group goes, and its
// members leave it.
func (s *Service) deleteGroup(ctx context.Context, _ *creds.Principal, body []byte) (any, error) {
	in, err := decodeRequest(body, (*groupInput).check)
	if err != nil {
		return nil, err
	}
	p, err := s.adminPool(ctx, in.UserPoolId)
	if err != nil {
		return nil, err
	}
	if p.Group(in.GroupName) != nil {
		return nil, errConfigGroupReadOnly(in.GroupName)
	}
	err = s.storedGroups.Delete(ctx, groupID(p.ID, in.GroupName))
	if errors.Is(err, store.ErrNotFound) {
		return nil, errGroupNotFound
	}
	if err != nil {
		return nil, err
	}
	err = s.eachUser(ctx, p, func(u *userRecord) error {
		if !slices.Contains(u.Groups, in.GroupName) {
			return nil
		}
		_, err := s.updateAdminUser(ctx, p, u, func(cur *userRecord) error {
			cur.Groups = slices.DeleteFunc(cur.Groups, func(g string) bool { return g == in.GroupName })
			return nil
		})
		if errors.Is(err, errUserNotFound) {
			return nil
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	s.event(ctx, "group deleted", slog.String("user_pool", p.ID), slog.String("group", in.GroupName))
	return empty{}, nil
}

// groupPage is the Limit and NextToken of the listings of groups and of
// their members.
type groupPage struct {
	Limit     *int   `json:"Limit"`
	NextToken string `json:"NextToken"`
}

func (in *groupPage) check(v *validation) {
	v.intRange("limit", in.Limit, 0, 60)
	v.str("nextToken", in.NextToken, rulePageToken)
}

// queryLimit is a Limit of 0..60, 60 when absent or 0.
func queryLimit(limit *int) int {
	if limit == nil || *limit == 0 {
		return 60
	}
	return *limit
}

type listGroupsInput struct {
	UserPoolId string `json:"UserPoolId"`
	groupPage
}

func (in *listGroupsInput) check(v *validation) {
	v.required("userPoolId", in.UserPoolId, ruleUserPoolID)
	in.groupPage.check(v)
}

// listGroups is the ListGroups operation.
func (s *Service) listGroups(ctx context.Context, _ *creds.Principal, body []byte) (any, error) {
	in, err := decodeRequest(body, (*listGroupsInput).check)
	if err != nil {
		return nil, err
	}
	p, err := s.adminPool(ctx, in.UserPoolId)
	if err != nil {
		return nil, err
	}
	groups, err := s.poolGroups(ctx, p)
	if err != nil {
		return nil, err
	}
	return groupsPage(groups, "groups:"+p.ID, in.NextToken, queryLimit(in.Limit))
}

// groupsPage returns a page of groups as ListGroups and
// AdminListGroupsForUser answer.
func groupsPage(groups []groupRecord, scope, token string, limit int) (any, error) {
	page, next, err := pageOf(groups, func(g groupRecord) string { return g.Name }, scope, token, limit)
	if err != nil {
		return nil, err
	}
	out := make([]groupType, len(page))
	for i := range page {
		out[i] = page[i].groupType()
	}
	return listPage("Groups", out, "NextToken", next), nil
}

type userGroupInput struct {
	UserPoolId string `json:"UserPoolId"`
	Username   string `json:"Username"`
	GroupName  string `json:"GroupName"`
}

func (in *userGroupInput) check(v *validation) {
	v.required("userPoolId", in.UserPoolId, ruleUserPoolID)
	v.required("username", in.Username, ruleUsername)
	v.required("groupName", in.GroupName, ruleGroupName)
}

// adminAddUserToGroup is the AdminAddUserToGroup operation; adding a
// member again changes nothing.
func (s *Service) adminAddUserToGroup(ctx context.Context, _ *creds.Principal, body []byte) (any, error) {
	return s.changeMembership(ctx, body, true)
}

// adminRemoveUserFromGroup is the AdminRemoveUserFromGroup operation.
func (s *Service) adminRemoveUserFromGroup(ctx context.Context, _ *creds.Principal, body []byte) (any, error) {
	return s.changeMembership(ctx, body, false)
}

func (s *Service) changeMembership(ctx context.Context, body []byte, add bool) (any, error) {
	in, err := decodeRequest(body, (*userGroupInput).check)
	if err != nil {
		return nil, err
	}
	p, err := s.adminPool(ctx, in.UserPoolId)
	if err != nil {
		return nil, err
	}
	if _, err := s.poolGroup(ctx, p, in.GroupName); err != nil {
		return nil, err
	}
	_, u, err := s.adminUser(ctx, adminUserInput{UserPoolId: in.UserPoolId, Username: in.Username})
	if err != nil {
		return nil, err
	}
	if slices.Contains(u.Groups, in.GroupName) == add {
		return empty{}, nil
	}
	_, err = s.updateAdminUser(ctx, p, u, func(cur *userRecord) error {
		cur.Groups = slices.DeleteFunc(cur.Groups, func(g string) bool { return g == in.GroupName })
		if add {
			cur.Groups = append(cur.Groups, in.GroupName)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	msg := "user added to group"
	if !add {
		msg = "user removed from group"
	}
	s.userEvent(ctx, msg, p.ID, u.Username, slog.String("group", in.GroupName))
	return empty{}, nil
}

type adminListGroupsForUserInput struct {
	Username   string `json:"Username"`
	UserPoolId string `json:"UserPoolId"`
	groupPage
}

func (in *adminListGroupsForUserInput) check(v *validation) {
	v.required("username", in.Username, ruleUsername)
	v.required("userPoolId", in.UserPoolId, ruleUserPoolID)
	in.groupPage.check(v)
}

// adminListGroupsForUser is the AdminListGroupsForUser operation.
func (s *Service) adminListGroupsForUser(ctx context.Context, _ *creds.Principal, body []byte) (any, error) {
	in, err := decodeRequest(body, (*adminListGroupsForUserInput).check)
	if err != nil {
		return nil, err
	}
	p, u, err := s.adminUser(ctx, adminUserInput{UserPoolId: in.UserPoolId, Username: in.Username})
	if err != nil {
		return nil, err
	}
	var groups []groupRecord
	for _, name := range u.Groups {
		g, err := s.poolGroup(ctx, p, name)
		if errors.Is(err, errGroupNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		groups = append(groups, *g)
	}
	slices.SortFunc(groups, func(a, b groupRecord) int { return strings.Compare(a.Name, b.Name) })
	return groupsPage(groups, "user-groups:"+p.ID+"/"+u.Sub, in.NextToken, queryLimit(in.Limit))
}

type listUsersInGroupInput struct {
	UserPoolId string `json:"UserPoolId"`
	GroupName  string `json:"GroupName"`
	groupPage
}

func (in *listUsersInGroupInput) check(v *validation) {
	v.required("userPoolId", in.UserPoolId, ruleUserPoolID)
	v.required("groupName", in.GroupName, ruleGroupName)
	in.groupPage.check(v)
}

// listUsersInGroup is the ListUsersInGroup operation.
func (s *Service) listUsersInGroup(ctx context.Context, _ *creds.Principal, body []byte) (any, error) {
	in, err := decodeRequest(body, (*listUsersInGroupInput).check)
	if err != nil {
		return nil, err
	}
	p, err := s.adminPool(ctx, in.UserPoolId)
	if err != nil {
		return nil, err
	}
	if _, err := s.poolGroup(ctx, p, in.GroupName); err != nil {
		return nil, err
	}
	users, next, err := s.scanUsers(ctx, p, "group-users:"+p.ID+"/"+in.GroupName, in.NextToken, queryLimit(in.Limit),
		func(u *userRecord) bool { return slices.Contains(u.Groups, in.GroupName) })
	if err != nil {
		return nil, err
	}
	return listPage("Users", users, "NextToken", next), nil
}
