//! Pools of plausible names and phrases, as they appear in Sichuan village records.

pub(super) const SURNAMES: &[(&str, u64)] = &[
    ("王", 9),
    ("李", 9),
    ("张", 8),
    ("刘", 7),
    ("陈", 7),
    ("杨", 6),
    ("何", 5),
    ("赵", 4),
    ("黄", 4),
    ("周", 4),
    ("吴", 3),
    ("罗", 4),
    ("苟", 3),
    ("岳", 2),
    ("谢", 3),
    ("唐", 3),
    ("邓", 3),
    ("冯", 2),
    ("曾", 2),
    ("彭", 3),
    ("蒋", 2),
    ("向", 3),
    ("杜", 2),
    ("胡", 3),
    ("余", 2),
    ("徐", 2),
    ("朱", 2),
    ("马", 2),
    ("郭", 2),
    ("袁", 2),
    ("谭", 2),
    ("廖", 2),
    ("任", 2),
    ("侯", 2),
    ("龚", 2),
    ("文", 2),
    ("冉", 1),
    ("伏", 1),
    ("单", 1),
    ("母", 1),
];

pub(super) const MALE_GIVEN: &[&str] = &[
    "建国", "国强", "志强", "德明", "明华", "永福", "文华", "德贵", "长林", "正清", "光明", "成", "华", "勇", "军",
    "杰", "涛", "斌", "强", "伟", "平", "刚", "林", "波", "明", "富贵", "大春", "树林", "家福", "仕均", "廷友", "世清",
    "开华", "应全", "显明", "维成", "元才", "天福", "绍云", "发全",
];

pub(super) const FEMALE_GIVEN: &[&str] = &[
    "秀英", "桂英", "玉兰", "秀兰", "淑华", "桂兰", "春梅", "丽", "芳", "敏", "静", "燕", "娟", "霞", "红", "琴", "英",
    "梅", "萍", "丽华", "小红", "晓燕", "婷", "雪", "素芳", "翠华", "明秀", "德芳", "光碧", "正英",
];

pub(super) const CHILD_GIVEN: &[&str] = &[
    "子轩", "浩然", "宇航", "梓涵", "欣怡", "雨涵", "诗琪", "思远", "俊熙", "一诺", "佳怡", "梓豪", "若曦", "锦程",
    "雨桐", "嘉怡", "浩宇", "思彤", "家豪", "晨曦",
];

pub(super) const ASSISTING: &[(&str, &str)] = &[
    ("east_west", "浙江省金华市"),
    ("east_west", "浙江省金华市婺城区"),
    ("in_province", "成都市锦江区"),
    ("in_province", "宜宾市"),
    ("designated", "四川省农业农村厅"),
    ("designated", "中国农业发展银行四川省分行"),
    ("state_enterprise", "国网四川省电力公司"),
    ("state_enterprise", "四川省交通投资集团"),
    ("talent_group", "四川省人民医院"),
    ("social", "巴中市慈善总会"),
];

pub(super) const REQUESTS: &[&str] = &[
    "希望提供就近务工信息",
    "咨询慢性病门诊报销",
    "申请小额信贷用于养牛",
    "房屋后墙漏雨需维修",
    "孩子上学希望申请资助",
    "希望安排公益性岗位",
    "咨询医保缴费",
    "自来水压力不足",
    "希望提供茶叶种植技术指导",
    "无",
    "无",
    "无",
];

pub(super) const ACTIONS: &[&str] = &[
    "已联系人社所推荐岗位",
    "协助办理慢病卡",
    "向信用社提交贷款申请",
    "报乡镇住建办核查",
    "协助申报雨露计划",
    "已上报村委会研究",
    "讲解医保政策并协助缴费",
    "联系水务站上门检修",
    "联系农技站安排技术员",
    "宣讲防返贫政策",
];

/// Project templates: name pattern, category code, monitored-beneficiary focus.
/// (name pattern, category, sector)
pub(super) const PROJECTS: &[(&str, &str, &str)] = &[
    ("{v}茶叶基地建设项目", "industry", "agriculture"),
    ("{v}花椒种植基地项目", "industry", "agriculture"),
    ("{v}生猪代养场建设项目", "industry", "agriculture"),
    ("{v}食用菌大棚项目", "industry", "agriculture"),
    ("{v}中药材种植项目", "industry", "agriculture"),
    ("{v}{g}产业路硬化工程", "rural_construction", "transport"),
    ("{v}安全饮水巩固提升工程", "three_guarantees", "water"),
    ("{v}人居环境整治项目", "rural_construction", "urban"),
    ("{v}以工代赈务工项目", "employment", "other"),
    ("{v}公益性岗位开发", "employment", "social"),
    ("{v}农房风貌改造项目", "three_guarantees", "urban"),
    ("{v}村级集体经济发展项目", "industry", "agriculture"),
];
